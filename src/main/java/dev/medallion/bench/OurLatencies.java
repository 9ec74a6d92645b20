package dev.medallion.bench;

import static org.apache.spark.sql.functions.col;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/** Per-event latencies of the seed pipeline's event path: bronze.events, silver.events, gold. */
final class OurLatencies {
  static final String BRONZE = "bronze.events";
  static final String SILVER = "silver.events";
  /** The gold stream of silver.events' facts and windows. */
  static final String GOLD = "gold.from_events";

  private OurLatencies() {}

  /** Latencies by layer name (bronze, silver, gold) of a run recorded in {@code log}. */
  static Map<String, Latencies> measure(SparkSession spark, Scenario scenario, ProgressLog log) {
    LatencyProbe probe = new LatencyProbe(spark);
    Map<String, Latencies> latencies = new LinkedHashMap<>();
    latencies.put("bronze", probe.ofTable(scenario.locations().table(BRONZE), "kafka_timestamp"));
    latencies.put("silver", probe.ofTable(scenario.locations().table(SILVER), "kafka_timestamp"));
    latencies.put(
        "gold",
        probe.ofGold(
            probe
                .changes(scenario.locations().table(SILVER))
                .select(col("_commit_version"), col("kafka_timestamp").as(LatencyProbe.KAFKA_TIME)),
            log.batches(GOLD)));
    return latencies;
  }
}
