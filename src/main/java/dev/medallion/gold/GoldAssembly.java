package dev.medallion.gold;

import dev.medallion.ops.PipelineMetrics;
import dev.medallion.ops.TableLocations;
import dev.medallion.spec.DimensionSpec;
import dev.medallion.spec.FactSpec;
import dev.medallion.spec.GoldSpec;
import dev.medallion.spec.LookupSpec;
import dev.medallion.spec.WindowSpec;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * Builds the gold layer's writers from the spec: one per dimension, then one per silver table
 * feeding facts or windows. Dimensions come first so a run that stops when caught up has the
 * members in place before the facts look them up.
 */
public final class GoldAssembly {
  private GoldAssembly() {}

  public static List<GoldWriter> writers(
      SparkSession spark,
      GoldSpec gold,
      TableLocations locations,
      PipelineMetrics metrics,
      Clock clock) {
    Map<String, FactTable> facts = new LinkedHashMap<>();
    for (FactSpec fact : gold.facts().values()) {
      List<FactTable.ResolvedLookup> lookups = new ArrayList<>();
      for (LookupSpec lookup : fact.lookups()) {
        DimensionSpec dimension = gold.dimensions().get(lookup.dimension());
        lookups.add(
            new FactTable.ResolvedLookup(lookup, dimension, locations.table(dimension.qualifiedName())));
      }
      facts.put(fact.name(), new FactTable(fact, locations.table(fact.qualifiedName()), lookups));
    }
    List<GoldWriter> writers = new ArrayList<>();
    for (DimensionSpec dimension : gold.dimensions().values()) {
      writers.add(new DimensionWriter(spark, dimension, locations, metrics, clock));
    }
    Map<String, List<FactTable>> factsBySilver = new LinkedHashMap<>();
    Map<String, List<WindowAggregate>> windowsBySilver = new LinkedHashMap<>();
    for (FactTable fact : facts.values()) {
      factsBySilver.computeIfAbsent(fact.spec().from(), f -> new ArrayList<>()).add(fact);
      windowsBySilver.computeIfAbsent(fact.spec().from(), f -> new ArrayList<>());
    }
    for (WindowSpec window : gold.windows().values()) {
      factsBySilver.computeIfAbsent(window.from(), f -> new ArrayList<>());
      windowsBySilver
          .computeIfAbsent(window.from(), f -> new ArrayList<>())
          .add(
              new WindowAggregate(
                  window,
                  locations.table(window.qualifiedName()),
                  locations.table(window.lateTableName())));
    }
    for (Map.Entry<String, List<FactTable>> source : factsBySilver.entrySet()) {
      writers.add(
          new FactWriter(
              spark,
              source.getKey(),
              source.getValue(),
              windowsBySilver.get(source.getKey()),
              locations,
              metrics,
              clock));
    }
    return writers;
  }
}
