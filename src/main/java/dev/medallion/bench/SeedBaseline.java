package dev.medallion.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.get_json_object;
import static org.apache.spark.sql.functions.min;

import dev.medallion.ops.KafkaEndpoint;
import dev.medallion.ops.SparkLogs;
import io.delta.tables.DeltaTable;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.apache.spark.sql.streaming.Trigger;

/**
 * Runs {@link SeedPipeline}, the seed's pipeline as written, the way the bench runs ours: each
 * stream once over the same events, then the three together at the seed's triggers under the same
 * sustained feed, with the same latency measurement.
 */
final class SeedBaseline {
  private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

  private final SparkSession spark;
  private final KafkaEndpoint kafka;
  private final EventFeed feed;
  private final PrintStream out;

  SeedBaseline(SparkSession spark, KafkaEndpoint kafka, EventFeed feed, PrintStream out) {
    this.spark = withSparkDefaults(spark);
    this.kafka = kafka;
    this.feed = feed;
    this.out = out;
  }

  /** Each seed stream once over {@code scenario}'s topics, one after the other. */
  Map<String, LayerFigures> runOnce(Scenario scenario) {
    SeedPipeline seed = new SeedPipeline(spark, kafka, scenario);
    seed.createTables();
    ProgressLog log = new ProgressLog();
    spark.streams().addListener(log);
    try {
      await(seed.startBronze(Trigger.AvailableNow()));
      await(seed.startSilver(Trigger.AvailableNow()));
      await(seed.startGold(Trigger.AvailableNow()));
    } finally {
      ProgressLog.awaitDelivered(spark);
      spark.streams().removeListener(log);
    }
    Map<String, LayerFigures> figures = new LinkedHashMap<>();
    for (String name : List.of(SeedPipeline.BRONZE, SeedPipeline.SILVER, SeedPipeline.GOLD)) {
      figures.put(name, figuresOf(name, log));
    }
    // Rows read, where the progress does not tell: a stateful query over a Delta source reports
    // none, and a MERGE reads its source twice. Once-runs read their whole source table.
    figures.put(SeedPipeline.SILVER, withRows(figures.get(SeedPipeline.SILVER), count(seed, SeedPipeline.BRONZE)));
    figures.put(SeedPipeline.GOLD, withRows(figures.get(SeedPipeline.GOLD), count(seed, SeedPipeline.SILVER)));
    return figures;
  }

  private long count(SeedPipeline seed, String table) {
    return spark.read().format("delta").load(seed.location(table)).count();
  }

  private static LayerFigures withRows(LayerFigures figures, long rows) {
    return new LayerFigures(figures.stream(), rows, figures.busyMillis(), figures.batchMillis(), figures.batchRows());
  }

  /** The three seed streams together, at the seed's triggers, under a sustained feed. */
  SustainedRun.Outcome runSustained(Scenario scenario, long rate, Duration duration, Duration drainTimeout)
      throws InterruptedException {
    feed.createTopics(scenario);
    SeedPipeline seed = new SeedPipeline(spark, kafka, scenario);
    seed.createTables();
    ProgressLog log = new ProgressLog();
    spark.streams().addListener(log);
    List<StreamingQuery> queries = new ArrayList<>();
    Rate produced;
    boolean drained;
    try {
      queries.add(seed.startBronze(SeedPipeline.seedTrigger(SeedPipeline.BRONZE_TRIGGER)));
      queries.add(seed.startSilver(SeedPipeline.seedTrigger(SeedPipeline.SILVER_TRIGGER)));
      queries.add(seed.startGold(SeedPipeline.seedTrigger(SeedPipeline.GOLD_TRIGGER)));
      out.printf("bench: seed pipeline running; producing %,d events/s for %d s%n", rate, duration.toSeconds());
      produced = feed.publishAtRate(scenario, rate, duration, () -> queries.stream().anyMatch(q -> !q.isActive()));
      drained = awaitDrained(seed, log, produced.records(), drainTimeout, queries);
    } finally {
      try (SparkLogs.Quiet stopping = SparkLogs.quiet()) { // the batches in flight are cancelled
        for (StreamingQuery query : queries) {
          try {
            query.stop();
          } catch (java.util.concurrent.TimeoutException e) {
            // stopped anyway
          }
        }
      }
      ProgressLog.awaitDelivered(spark);
      spark.streams().removeListener(log);
    }
    return new SustainedRun.Outcome(produced, drained, latencies(seed, log));
  }

  private boolean awaitDrained(
      SeedPipeline seed, ProgressLog log, long produced, Duration timeout, List<StreamingQuery> queries)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline && queries.stream().allMatch(StreamingQuery::isActive)) {
      if (rows(log, SeedPipeline.BRONZE) >= produced
          && caughtUp(log, SeedPipeline.SILVER, seed.location(SeedPipeline.BRONZE))
          && caughtUp(log, SeedPipeline.GOLD, seed.location(SeedPipeline.SILVER))) {
        return true;
      }
      Thread.sleep(1_000);
    }
    return false;
  }

  /** True when {@code query}'s last batch read up to the latest version of its source table. */
  private boolean caughtUp(ProgressLog log, String query, String source) {
    List<StreamingQueryProgress> batches = log.batches(query);
    long latest = DeltaTable.forPath(spark, source).history(1).first().getLong(0);
    return !batches.isEmpty() && LatencyProbe.endVersion(batches.get(batches.size() - 1)) > latest;
  }

  private Map<String, Latencies> latencies(SeedPipeline seed, ProgressLog log) {
    LatencyProbe probe = new LatencyProbe(spark);
    Map<String, Latencies> latencies = new LinkedHashMap<>();
    latencies.put("bronze", probe.ofTable(seed.location(SeedPipeline.BRONZE), "kafka_timestamp"));
    // the seed's silver drops the Kafka timestamp: an event's is its first copy's in bronze
    Dataset<Row> firstArrival =
        spark
            .read()
            .format("delta")
            .load(seed.location(SeedPipeline.BRONZE))
            .groupBy(get_json_object(col("event_data"), "$.event_id").as("arrived_id"))
            .agg(min("kafka_timestamp").as(LatencyProbe.KAFKA_TIME));
    Dataset<Row> silver =
        probe
            .changes(seed.location(SeedPipeline.SILVER))
            .join(firstArrival, col("event_id").equalTo(col("arrived_id")));
    latencies.put(
        "silver",
        probe.of(silver.select(col(LatencyProbe.KAFKA_TIME), col("_commit_timestamp").as(LatencyProbe.COMMIT_TIME))));
    latencies.put(
        "gold",
        probe.ofGold(silver.select(col("_commit_version"), col(LatencyProbe.KAFKA_TIME)), log.batches(SeedPipeline.GOLD)));
    return latencies;
  }

  private static long rows(ProgressLog log, String query) {
    return log.batches(query).stream().mapToLong(StreamingQueryProgress::numInputRows).sum();
  }

  private static LayerFigures figuresOf(String name, ProgressLog log) {
    List<Long> millis = new ArrayList<>();
    List<Long> rows = new ArrayList<>();
    for (StreamingQueryProgress batch : log.batches(name)) {
      millis.add(batch.durationMs().getOrDefault("addBatch", 0L));
      rows.add(batch.numInputRows());
    }
    return new LayerFigures(name, rows(log, name), log.busyMillis(name), millis, rows);
  }

  private static void await(StreamingQuery query) {
    try {
      query.awaitTermination();
    } catch (StreamingQueryException e) {
      throw new IllegalStateException("the seed's stream " + query.name() + " failed: " + e.getMessage(), e);
    }
  }

  /**
   * A session beside ours with Spark's default settings where Medallion departs from them for its
   * own pipeline: the seed's code as a user would run it (adaptive execution on).
   */
  private static SparkSession withSparkDefaults(SparkSession spark) {
    SparkSession session = spark.newSession();
    session.conf().set("spark.sql.adaptive.enabled", "true");
    return session;
  }
}
