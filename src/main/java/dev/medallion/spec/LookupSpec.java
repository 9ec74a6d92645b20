package dev.medallion.spec;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * Attributes a fact takes from the current row of a dimension. A record whose member is not in the
 * dimension yet is not dropped: it lands under {@code unknown} and is attributed once the member
 * arrives.
 *
 * @param dimension the dimension's name in the gold section
 * @param key the fact's column holding the member's business key
 */
public record LookupSpec(String dimension, String key, List<String> attributes, String unknown) {
  public LookupSpec {
    requireNonNull(dimension, "dimension");
    requireNonNull(key, "key");
    attributes = List.copyOf(requireNonNull(attributes, "attributes"));
    requireNonNull(unknown, "unknown");
  }
}
