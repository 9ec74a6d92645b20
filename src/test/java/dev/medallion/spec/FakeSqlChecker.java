package dev.medallion.spec;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stand-in for Spark's SQL parser in spec tests, so that they stay fast and Spark-free: it finds
 * the identifiers of an expression that are not functions, keywords, types or struct fields, and
 * rejects unbalanced parentheses. {@code SparkSqlCheckerTest} runs the same fixtures through the
 * real parser.
 */
public final class FakeSqlChecker implements SqlChecker {
  private static final Set<String> KEYWORDS =
      Set.of(
          "and",
          "or",
          "not",
          "null",
          "is",
          "in",
          "as",
          "case",
          "when",
          "then",
          "else",
          "end",
          "true",
          "false",
          "like",
          "between",
          "interval",
          "distinct",
          "string",
          "date",
          "timestamp",
          "double",
          "int",
          "bigint",
          "boolean");
  private static final Pattern IDENTIFIER =
      Pattern.compile("(?<![.\\w])([A-Za-z_][A-Za-z0-9_]*+)(?!\\s*\\()");
  private static final Pattern TYPE =
      Pattern.compile(
          "string|int|bigint|double|boolean|date|timestamp|decimal\\(\\d+,\\s*\\d+\\)"
              + "|map<\\w+,\\s*\\w+>|array<\\w+>",
          Pattern.CASE_INSENSITIVE);

  @Override
  public Set<String> referencedColumns(String expression) {
    String code = withoutLiterals(expression);
    checkParentheses(code);
    Set<String> columns = new LinkedHashSet<>();
    Matcher matcher = IDENTIFIER.matcher(code);
    while (matcher.find()) {
      String name = matcher.group(1).toLowerCase(Locale.ROOT);
      if (!KEYWORDS.contains(name)) {
        columns.add(name);
      }
    }
    return columns;
  }

  @Override
  public void checkType(String ddlType) {
    if (!TYPE.matcher(ddlType).matches()) {
      throw new IllegalArgumentException(
          "Unsupported data type \"" + ddlType.toUpperCase(Locale.ROOT) + "\"");
    }
  }

  @Override
  public void checkQuery(String sql) {
    String start = sql.strip().split("\\s+")[0];
    if (!start.equalsIgnoreCase("select") && !start.equalsIgnoreCase("with")) {
      throw new IllegalArgumentException("Syntax error at or near '" + start + "'");
    }
    checkParentheses(withoutLiterals(sql));
  }

  private static String withoutLiterals(String sql) {
    return sql.replaceAll("'[^']*'", "''");
  }

  private static void checkParentheses(String code) {
    int depth = 0;
    for (char c : code.toCharArray()) {
      depth += c == '(' ? 1 : c == ')' ? -1 : 0;
      if (depth < 0) {
        throw new IllegalArgumentException("Syntax error at or near ')'");
      }
    }
    if (depth > 0) {
      throw new IllegalArgumentException("Syntax error at or near end of input: missing ')'");
    }
  }
}
