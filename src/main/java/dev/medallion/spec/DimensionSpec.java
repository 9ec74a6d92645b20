package dev.medallion.spec;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A gold dimension kept from a silver table: one row per version of each member (SCD type 2) or
 * one row per member overwritten in place (type 1).
 *
 * @param from qualified silver table ({@code silver.customers})
 * @param key business key column
 * @param tracked columns whose change makes a new version (type 2) or an update (type 1)
 * @param sequence column ordering a member's changes (its effective time)
 */
public record DimensionSpec(
    String name, String from, String key, List<String> tracked, String sequence, ScdType type) {
  public DimensionSpec {
    requireNonNull(name, "name");
    requireNonNull(from, "from");
    requireNonNull(key, "key");
    tracked = List.copyOf(requireNonNull(tracked, "tracked"));
    requireNonNull(sequence, "sequence");
    requireNonNull(type, "type");
  }

  public String qualifiedName() {
    return "gold." + name;
  }

  /** Slowly changing dimension types. */
  public enum ScdType {
    TYPE1,
    TYPE2
  }
}
