package dev.medallion.bench;

import dev.medallion.bronze.BronzeIngester;
import dev.medallion.ops.KafkaEndpoint;
import dev.medallion.ops.PipelineMetrics;
import dev.medallion.spec.BronzeTableSpec;
import java.time.Clock;
import java.time.Duration;
import org.apache.spark.sql.SparkSession;

/**
 * The bronze ingester's first pass over a scenario's events, into tables of their own: what
 * ingestion costs in a JVM that has not run it yet, when the JIT still compiles its code and the
 * heap's pages are touched for the first time. The once-run after it measures the same work warm,
 * as the consumer ceiling's second pass does.
 */
final class FirstIngestion {
  private final SparkSession spark;
  private final KafkaEndpoint kafka;

  FirstIngestion(SparkSession spark, KafkaEndpoint kafka) {
    this.spark = spark;
    this.kafka = kafka;
  }

  /** Ingests the events topic of {@code scenario} into {@code scratch}'s tables, timed. */
  Rate run(Scenario scenario, Scenario scratch) {
    BronzeTableSpec table =
        scenario.spec().bronze().values().stream()
            .filter(bronze -> bronze.qualifiedName().equals(OurLatencies.BRONZE))
            .findFirst()
            .orElseThrow(() -> new IllegalStateException("the spec has no " + OurLatencies.BRONZE));
    PipelineMetrics metrics = new PipelineMetrics(scratch.locations());
    metrics.createTable(spark);
    try (BronzeIngester ingester =
        new BronzeIngester(
            spark, table, scenario.spec().sourceOf(table), kafka, scratch.locations(), metrics, Clock.systemUTC())) {
      ingester.createTable();
      long started = System.nanoTime();
      ingester.ingestAvailable();
      Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
      long rows = metrics.live().containsKey(OurLatencies.BRONZE) ? metrics.live().get(OurLatencies.BRONZE).rowsIn() : 0;
      return new Rate(rows, 0, elapsed);
    }
  }
}
