package dev.medallion.spec;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A gold fact table maintained incrementally by MERGE at a declared grain.
 *
 * @param grain the columns one row stands for; may name attributes brought in by {@code lookups}
 * @param derived column to SQL expression over the measures, recomputed after every merge
 *     ({@code avg_order_value: total_revenue / nullif(purchase_count, 0)})
 */
public record FactSpec(
    String name,
    String from,
    List<String> grain,
    List<MeasureSpec> measures,
    Map<String, String> derived,
    List<LookupSpec> lookups,
    List<String> partitionBy) {
  public FactSpec {
    requireNonNull(name, "name");
    requireNonNull(from, "from");
    grain = List.copyOf(requireNonNull(grain, "grain"));
    measures = List.copyOf(requireNonNull(measures, "measures"));
    derived = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(derived, "derived")));
    lookups = List.copyOf(requireNonNull(lookups, "lookups"));
    partitionBy = List.copyOf(requireNonNull(partitionBy, "partitionBy"));
  }

  public String qualifiedName() {
    return "gold." + name;
  }
}
