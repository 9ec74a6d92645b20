package dev.medallion.spec;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The gold layer: dimensions, facts maintained by MERGE, windowed aggregates and views. Every map
 * may be empty; a spec without a {@code gold} section has no gold layer. Gold runs in the
 * micro-batch of each source (at its bronze table's trigger), not at an interval of its own.
 */
public record GoldSpec(
    Map<String, DimensionSpec> dimensions,
    Map<String, FactSpec> facts,
    Map<String, WindowSpec> windows,
    Map<String, ViewSpec> views) {

  public GoldSpec {
    dimensions = copy(dimensions, "dimensions");
    facts = copy(facts, "facts");
    windows = copy(windows, "windows");
    views = copy(views, "views");
  }

  public static GoldSpec none() {
    return new GoldSpec(Map.of(), Map.of(), Map.of(), Map.of());
  }

  public boolean isEmpty() {
    return dimensions.isEmpty() && facts.isEmpty() && windows.isEmpty() && views.isEmpty();
  }

  private static <V> Map<String, V> copy(Map<String, V> map, String what) {
    return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(map, what)));
  }
}
