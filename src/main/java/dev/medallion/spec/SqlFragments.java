package dev.medallion.spec;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Checks the names and SQL fragments written in a spec (column references, expressions, types,
 * queries, table names) and records what is wrong in {@link SpecErrors}. Parsing is delegated to
 * the {@link SqlChecker}, so the spec package stays free of Spark.
 */
final class SqlFragments {
  private static final Pattern TABLE_NAME = Pattern.compile("[a-z][a-z0-9_]*");

  private final SpecErrors errors;
  private final SqlChecker checker;

  SqlFragments(SpecErrors errors, SqlChecker checker) {
    this.errors = errors;
    this.checker = checker;
  }

  SpecErrors errors() {
    return errors;
  }

  /** A column named on its own ({@code order-by: event_time}) must be in scope. */
  void column(YamlScalar column, ColumnScope scope) {
    if (!scope.contains(column.text())) {
      errors.add(column.line(), column.path(), scope.unknown(column.text()));
    }
  }

  void columns(List<YamlScalar> columns, ColumnScope scope) {
    columns.forEach(column -> column(column, scope));
  }

  /** A SQL expression must parse and refer only to columns in scope. */
  void expression(YamlScalar sql, ColumnScope scope) {
    try {
      for (String column : checker.referencedColumns(sql.text())) {
        if (!scope.contains(column)) {
          errors.add(sql.line(), sql.path(), scope.unknown(column));
        }
      }
    } catch (IllegalArgumentException e) {
      errors.add(
          sql.line(),
          sql.path(),
          "cannot parse SQL expression: "
              + e.getMessage()
              + " (write a Spark SQL expression such as upper(event_type))");
    }
  }

  /** A field type must be a Spark SQL type in DDL form. */
  void type(YamlScalar type) {
    try {
      checker.checkType(type.text());
    } catch (IllegalArgumentException e) {
      errors.add(
          type.line(),
          type.path(),
          "not a Spark SQL type: "
              + e.getMessage()
              + " (write e.g. string, bigint, double, timestamp, decimal(18,2),"
              + " map<string,string>)");
    }
  }

  /** A view must be a query that parses. */
  void query(YamlScalar sql) {
    try {
      checker.checkQuery(sql.text());
    } catch (IllegalArgumentException e) {
      errors.add(
          sql.line(),
          sql.path(),
          "cannot parse SQL query: " + e.getMessage() + " (write a SELECT query over gold tables)");
    }
  }

  /** The name of a table (the key it is declared under) must be a lower-case SQL identifier. */
  void tableName(YamlMapping table) {
    tableName(table.name(), table.line(), table.path());
  }

  void tableName(String name, int line, String path) {
    if (!TABLE_NAME.matcher(name).matches()) {
      String fixed = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
      errors.add(
          line,
          path,
          "a table name is lower-case letters, digits and _, starting with a"
              + " letter (write e.g. "
              + (TABLE_NAME.matcher(fixed).matches() ? fixed : "events")
              + ")");
    }
  }

  /**
   * A reference to a table of a layer ({@code from: bronze.events}) must name a declared table.
   *
   * @return the table's short name when it does
   */
  Optional<String> table(YamlScalar reference, String layer, Collection<String> declared) {
    String prefix = layer + ".";
    String text = reference.text();
    if (text.startsWith(prefix) && declared.contains(text.substring(prefix.length()))) {
      return Optional.of(text.substring(prefix.length()));
    }
    List<String> qualified = declared.stream().map(name -> prefix + name).toList();
    String hint =
        declared.contains(text)
            ? "did you mean '" + prefix + text + "'? "
            : Suggestions.didYouMean(text, qualified);
    String known =
        qualified.isEmpty()
            ? "no " + layer + " tables are declared"
            : layer + " tables: " + qualified.stream().collect(Collectors.joining(", "));
    errors.add(
        reference.line(),
        reference.path(),
        "unknown " + layer + " table '" + text + "' (" + hint + known + ")");
    return Optional.empty();
  }
}
