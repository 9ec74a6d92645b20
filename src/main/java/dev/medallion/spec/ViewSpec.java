package dev.medallion.spec;

import static java.util.Objects.requireNonNull;

/** A SQL view over gold tables for BI tools, recreated at every start. */
public record ViewSpec(String name, String sql) {
  public ViewSpec {
    requireNonNull(name, "name");
    requireNonNull(sql, "sql");
  }

  public String qualifiedName() {
    return "gold." + name;
  }
}
