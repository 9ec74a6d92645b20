package dev.medallion.ingest.generator;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import java.util.Arrays;

/**
 * One Kafka record for {@code customers.raw.v1} with the kind that says what it does to the SCD2
 * dimension.
 *
 * <p>The arrays are not copied: the record owns them and nobody may modify them. Equality compares
 * the arrays' contents.
 *
 * @param key the customer's 10-digit id in UTF-8
 * @param value {@code {"customer_id", "customer_name", "customer_tier", "email", "effective_time"}}
 *     as one line of UTF-8 JSON
 * @param kind what the record does to the dimension
 */
public record CustomerChangeRecord(byte[] key, byte[] value, CustomerChangeKind kind) {
  public CustomerChangeRecord {
    requireNonNull(key, "key");
    requireNonNull(value, "value");
    requireNonNull(kind, "kind");
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof CustomerChangeRecord that
        && kind == that.kind
        && Arrays.equals(key, that.key)
        && Arrays.equals(value, that.value);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * kind.hashCode() + Arrays.hashCode(key)) + Arrays.hashCode(value);
  }

  @Override
  public String toString() {
    return "CustomerChangeRecord[kind="
        + kind
        + ", key="
        + new String(key, UTF_8)
        + ", value="
        + new String(value, UTF_8)
        + "]";
  }
}
