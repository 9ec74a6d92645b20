package dev.medallion.spec;

import java.util.Set;

/**
 * Checks the SQL fragments of a spec without running them. The spec package stays free of Spark;
 * the engine supplies an implementation backed by Spark's own SQL parser.
 */
public interface SqlChecker {
  /**
   * The top-level column names an expression refers to ({@code properties['amount']} refers to
   * {@code properties}), lower-cased.
   *
   * @throws IllegalArgumentException with the parser's message when the expression does not parse
   */
  Set<String> referencedColumns(String expression);

  /**
   * Checks a data type written in DDL form ({@code map<string,string>}).
   *
   * @throws IllegalArgumentException with the parser's message when it is not a type
   */
  void checkType(String ddlType);

  /**
   * Checks that a whole query ({@code SELECT ...}) parses.
   *
   * @throws IllegalArgumentException with the parser's message when it does not
   */
  void checkQuery(String sql);
}
