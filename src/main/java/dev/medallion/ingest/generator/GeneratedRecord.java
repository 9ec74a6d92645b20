package dev.medallion.ingest.generator;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import java.util.Arrays;

/**
 * One Kafka record for {@code events.raw.v1} with the kind that says what the pipeline must do with
 * it.
 *
 * <p>The arrays are not copied, for speed: the record owns them and nobody may modify them.
 * Equality compares the arrays' contents.
 *
 * @param key the 10-digit id of the customer the event is about, in UTF-8
 * @param value the event; never contains a line feed or carriage return byte, so records can be
 *     written one per line
 * @param kind what the pipeline must do with the record
 */
public record GeneratedRecord(byte[] key, byte[] value, RecordKind kind) {
  public GeneratedRecord {
    requireNonNull(key, "key");
    requireNonNull(value, "value");
    requireNonNull(kind, "kind");
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof GeneratedRecord that
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
    return "GeneratedRecord[kind="
        + kind
        + ", key="
        + new String(key, UTF_8)
        + ", value="
        + new String(value, UTF_8)
        + "]";
  }
}
