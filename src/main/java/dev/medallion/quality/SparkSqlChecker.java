package dev.medallion.quality;

import dev.medallion.spec.SqlChecker;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import org.apache.spark.sql.catalyst.analysis.UnresolvedAttribute;
import org.apache.spark.sql.catalyst.analysis.UnresolvedStar;
import org.apache.spark.sql.catalyst.expressions.Alias;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.LambdaFunction;
import org.apache.spark.sql.catalyst.expressions.NamedExpression;
import org.apache.spark.sql.catalyst.expressions.SubqueryExpression;
import org.apache.spark.sql.catalyst.expressions.UnresolvedNamedLambdaVariable;
import org.apache.spark.sql.catalyst.parser.AbstractSqlParser;
import org.apache.spark.sql.catalyst.parser.CatalystSqlParser$;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Checks a spec's SQL with Spark's own Catalyst parser, without a SparkSession: what parses here
 * parses when the pipeline runs. Nothing is resolved, so functions and tables are not looked up;
 * unknown columns are the spec loader's business, from {@link #referencedColumns}.
 *
 * <p>The first call loads the parser's classes (and Spark's logging) and takes one to three
 * seconds; later calls take milliseconds. Instances are stateless and thread-safe.
 */
public final class SparkSqlChecker implements SqlChecker {
  private static final Pattern CONDITION = Pattern.compile("^\\[[A-Z0-9_.]+]\\s*");
  private static final Pattern SQLSTATE = Pattern.compile("\\.?\\s*SQLSTATE: \\w+");

  /**
   * {@inheritDoc}
   *
   * <p>Names bound by a lambda ({@code x} in {@code transform(xs, x -> x + 1)}) are not columns.
   *
   * @throws IllegalArgumentException also for an alias ({@code a AS b}), a star or a subquery,
   *     which a spec expression cannot hold
   */
  @Override
  public Set<String> referencedColumns(String expression) {
    Expression parsed = parse(() -> parser().parseExpression(expression));
    if (parsed instanceof Alias) {
      throw new IllegalArgumentException(
          "an alias (AS name) is not allowed here: the spec key names the column");
    }
    Set<String> columns = new LinkedHashSet<>();
    collect(parsed, Set.of(), columns);
    return columns;
  }

  @Override
  public void checkType(String ddlType) {
    parse(() -> parser().parseDataType(ddlType));
  }

  /** {@inheritDoc} Only a query ({@code SELECT}, {@code WITH}, ...) is accepted, no DDL or DML. */
  @Override
  public void checkQuery(String sql) {
    parse(() -> parser().parseQuery(sql));
  }

  private static AbstractSqlParser parser() {
    return CatalystSqlParser$.MODULE$;
  }

  private static void collect(Expression expression, Set<String> bound, Set<String> columns) {
    if (expression instanceof UnresolvedAttribute attribute) {
      columns.add(lower(attribute.nameParts().head()));
    } else if (expression instanceof UnresolvedNamedLambdaVariable variable) {
      // the parser turns every name inside a lambda's body into a lambda variable, outer
      // columns included; only the lambda's own arguments are not columns
      String name = lower(variable.nameParts().head());
      if (!bound.contains(name)) {
        columns.add(name);
      }
    } else if (expression instanceof LambdaFunction lambda) {
      Set<String> inner = new HashSet<>(bound);
      for (NamedExpression argument : CollectionConverters.asJava(lambda.arguments())) {
        inner.add(lower(argument.name()));
      }
      collect(lambda.function(), inner, columns);
    } else if (expression instanceof UnresolvedStar) {
      throw new IllegalArgumentException("* is not allowed here: name the columns");
    } else if (expression instanceof SubqueryExpression) {
      throw new IllegalArgumentException("a subquery is not allowed here");
    } else {
      for (Expression child : CollectionConverters.asJava(expression.children())) {
        collect(child, bound, columns);
      }
    }
  }

  private static <T> T parse(Callable<T> parse) {
    try {
      return parse.call();
    } catch (Exception e) {
      throw new IllegalArgumentException(oneLine(e.getMessage()), e);
    }
  }

  /**
   * The first line of a Spark error without its condition, SQL state and position banner: {@code
   * Syntax error at or near end of input: missing ')' (line 1, pos 16)}.
   */
  static String oneLine(String message) {
    String first = message == null ? "" : message.strip().lines().findFirst().orElse("");
    String line = SQLSTATE.matcher(CONDITION.matcher(first).replaceFirst("")).replaceAll("");
    return line.isBlank() ? "cannot be parsed" : line.strip();
  }

  private static String lower(String name) {
    return name.toLowerCase(Locale.ROOT);
  }
}
