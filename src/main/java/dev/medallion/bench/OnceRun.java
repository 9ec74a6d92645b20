package dev.medallion.bench;

import dev.medallion.ops.PipelineMetrics;
import dev.medallion.ops.PipelineRunner;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Runs every flow of a scenario once over what its topics hold ({@code run --once}: each flow
 * processes everything available, then stops) and reports each layer's figures.
 */
final class OnceRun {
  private final SparkSession spark;
  private final PipelineRunners runners;

  OnceRun(SparkSession spark, PipelineRunners runners) {
    this.spark = spark;
    this.runners = runners;
  }

  /**
   * Figures per table, in data-flow order: each layer's rows and the time of its steps, from the
   * batch metrics each layer records (a flow carries one batch through every layer, so a layer's
   * time is that of its own step: bronze's append, silver's refinement, gold's merges). A layer is
   * busy while any of its batches is: the ingester reads a batch while it commits the one before.
   */
  Map<String, LayerFigures> run(Scenario scenario) {
    PipelineMetrics metrics = new PipelineMetrics(scenario.locations());
    try (PipelineRunner runner = runners.of(scenario, metrics)) {
      runner.runOnce();
    }
    List<Row> batches =
        spark
            .read()
            .format("delta")
            .load(scenario.locations().table(PipelineMetrics.TABLE))
            .select("layer", "table_name", "rows_in", "duration_ms", "started_at")
            .orderBy("started_at")
            .collectAsList();
    Map<String, List<Row>> byTable = new LinkedHashMap<>();
    for (String layer : List.of("bronze", "silver", "gold")) {
      for (Row batch : batches) {
        if (batch.getString(0).equals(layer)) {
          byTable.computeIfAbsent(batch.getString(1), t -> new ArrayList<>()).add(batch);
        }
      }
    }
    Map<String, LayerFigures> figures = new LinkedHashMap<>();
    byTable.forEach((table, rows) -> figures.put(table, figuresOf(table, rows)));
    return figures;
  }

  private static LayerFigures figuresOf(String table, List<Row> batches) {
    List<Long> millis = new ArrayList<>();
    List<Long> rows = new ArrayList<>();
    List<Long> starts = new ArrayList<>();
    for (Row batch : batches) {
      rows.add(batch.getLong(2));
      millis.add(batch.getLong(3));
      starts.add(batch.getTimestamp(4).getTime());
    }
    return new LayerFigures(
        table,
        rows.stream().mapToLong(Long::longValue).sum(),
        LayerFigures.coveredMillis(starts, millis),
        millis,
        rows);
  }
}
