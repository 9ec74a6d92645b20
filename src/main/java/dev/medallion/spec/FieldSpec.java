package dev.medallion.spec;

import static java.util.Objects.requireNonNull;

/**
 * One field of the schema a silver table parses its payload with.
 *
 * @param type a Spark SQL type in DDL form: {@code string}, {@code timestamp}, {@code
 *     map<string,string>}, {@code decimal(18,2)}
 * @param required a missing or null value sends the record to quarantine
 */
public record FieldSpec(String name, String type, boolean required) {
  public FieldSpec {
    requireNonNull(name, "name");
    requireNonNull(type, "type");
  }
}
