package dev.medallion.spec;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The gold layer: dimensions, facts maintained by MERGE, windowed aggregates and views. Every map
 * may be empty; a spec without a {@code gold} section has no gold layer.
 *
 * @param trigger micro-batch interval of the continuous run
 */
public record GoldSpec(
    Map<String, DimensionSpec> dimensions,
    Map<String, FactSpec> facts,
    Map<String, WindowSpec> windows,
    Map<String, ViewSpec> views,
    Duration trigger) {

  public GoldSpec {
    dimensions = copy(dimensions, "dimensions");
    facts = copy(facts, "facts");
    windows = copy(windows, "windows");
    views = copy(views, "views");
    requireNonNull(trigger, "trigger");
  }

  public static GoldSpec none() {
    return new GoldSpec(Map.of(), Map.of(), Map.of(), Map.of(), Duration.ZERO);
  }

  public boolean isEmpty() {
    return dimensions.isEmpty() && facts.isEmpty() && windows.isEmpty() && views.isEmpty();
  }

  private static <V> Map<String, V> copy(Map<String, V> map, String what) {
    return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(map, what)));
  }
}
