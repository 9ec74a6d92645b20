package dev.medallion.spec;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;

/**
 * Deduplication on a business key: a record whose key is already in the silver table (among rows
 * whose partition date lies within {@code within} of the record's) is a duplicate and is removed
 * and counted, however late it arrives.
 *
 * @param orderBy column whose date bounds the lookup (the silver table's partition source)
 */
public record DedupSpec(List<String> keys, String orderBy, Duration within) {
  public DedupSpec {
    keys = List.copyOf(requireNonNull(keys, "keys"));
    requireNonNull(orderBy, "orderBy");
    requireNonNull(within, "within");
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("keys must not be empty");
    }
  }
}
