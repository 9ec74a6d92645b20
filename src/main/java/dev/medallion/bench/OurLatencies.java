package dev.medallion.bench;

import static org.apache.spark.sql.functions.col;

import dev.medallion.ops.PipelineMetrics;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Per-event latencies of the seed pipeline's event path: bronze.events, silver.events, gold. Gold
 * holds aggregates, not events: an event reaches gold when the flow batch that wrote it to silver
 * has merged all its gold tables, the time recorded in that batch's gold metrics row. A silver row
 * finds its batch by its processing time, the start of the silver step of that batch.
 */
final class OurLatencies {
  static final String BRONZE = "bronze.events";
  static final String SILVER = "silver.events";
  /** The gold writer of silver.events' facts and windows. */
  static final String GOLD = "gold.from_events";

  private OurLatencies() {}

  /** Latencies by layer name (bronze, silver, gold) of a run recorded in {@code log}. */
  static Map<String, Latencies> measure(SparkSession spark, Scenario scenario) {
    LatencyProbe probe = new LatencyProbe(spark);
    Map<String, Latencies> latencies = new LinkedHashMap<>();
    latencies.put("bronze", probe.ofTable(scenario.locations().table(BRONZE), "kafka_timestamp"));
    latencies.put("silver", probe.ofTable(scenario.locations().table(SILVER), "kafka_timestamp"));
    Dataset<Row> batches =
        spark.read().format("delta").load(scenario.locations().table(PipelineMetrics.TABLE));
    Dataset<Row> silverBatches =
        batches
            .filter(col("table_name").equalTo(SILVER))
            .select(col("started_at").as("processing_timestamp"), col("batch_id"));
    Dataset<Row> goldCommits =
        batches
            .filter(col("table_name").equalTo(GOLD))
            .select(col("batch_id"), col("committed_at").as(LatencyProbe.COMMIT_TIME));
    latencies.put(
        "gold",
        probe.of(
            spark
                .read()
                .format("delta")
                .load(scenario.locations().table(SILVER))
                .select(col("kafka_timestamp").as(LatencyProbe.KAFKA_TIME), col("processing_timestamp"))
                .join(silverBatches, "processing_timestamp")
                .join(goldCommits, "batch_id")));
    return latencies;
  }
}
