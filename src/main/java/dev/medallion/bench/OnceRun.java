package dev.medallion.bench;

import dev.medallion.ops.PipelineMetrics;
import dev.medallion.ops.PipelineRunner;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQueryProgress;

/**
 * Runs every stream of a scenario once over what its topics hold ({@code run --once}: each stream
 * processes everything available, layer after layer, then stops) and reports each stream's
 * figures. Each layer runs alone, so its rate is its own.
 */
final class OnceRun {
  private final SparkSession spark;
  private final PipelineStreams streams;

  OnceRun(SparkSession spark, PipelineStreams streams) {
    this.spark = spark;
    this.streams = streams;
  }

  /** Figures per stream name, in data-flow order. */
  Map<String, LayerFigures> run(Scenario scenario) {
    ProgressLog log = new ProgressLog();
    spark.streams().addListener(log);
    PipelineMetrics metrics = new PipelineMetrics(scenario.locations());
    List<String> names = new ArrayList<>();
    try (PipelineRunner runner = new PipelineRunner(streams.of(scenario, metrics))) {
      runner.runOnce();
      runner.queries().forEach(query -> names.add(query.name()));
    } finally {
      awaitListeners(spark);
      spark.streams().removeListener(log);
    }
    Map<String, LayerFigures> figures = new LinkedHashMap<>();
    for (String name : names) {
      figures.put(name, figuresOf(name, log, metrics));
    }
    return figures;
  }

  /**
   * A stream's figures: rows from the metrics it recorded (a progress report counts a batch's rows
   * once per pass over them), time from its progress reports.
   */
  static LayerFigures figuresOf(String name, ProgressLog log, PipelineMetrics metrics) {
    List<StreamingQueryProgress> batches = log.batches(name);
    List<Long> millis = new ArrayList<>();
    List<Long> rows = new ArrayList<>();
    for (StreamingQueryProgress batch : batches) {
      millis.add(batch.durationMs().getOrDefault("addBatch", 0L));
      rows.add(batch.numInputRows());
    }
    PipelineMetrics.LiveCounters counters = metrics.live().get(name);
    long read = counters == null ? batches.stream().mapToLong(StreamingQueryProgress::numInputRows).sum() : counters.rowsIn();
    return new LayerFigures(name, read, log.busyMillis(name), millis, rows);
  }

  /** Progress events reach listeners asynchronously; the last one may trail the query's end. */
  static void awaitListeners(SparkSession spark) {
    try {
      spark.sparkContext().listenerBus().waitUntilEmpty();
    } catch (java.util.concurrent.TimeoutException e) {
      // a busy bus: the figures miss at most the last report
    }
  }
}
