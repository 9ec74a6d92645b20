package dev.medallion.bronze;

import dev.medallion.ops.BatchIdentity;
import dev.medallion.ops.BatchMetrics;
import dev.medallion.ops.PipelineMetrics;
import java.time.Instant;
import org.apache.spark.sql.SparkSession;

/**
 * The ingester's rows in {@code ops.batch_metrics}: one per commit, identified by the commit's
 * version, so a row written again after a crash is written once.
 */
final class BronzeMetricsRows {
  /** How many versions back a start looks for the ingester's last commit. */
  private static final int RECOVERY_DEPTH = 50;

  private final SparkSession spark;
  private final PipelineMetrics metrics;
  private final String table;
  private final String batchAppId;

  BronzeMetricsRows(SparkSession spark, PipelineMetrics metrics, String table) {
    this.spark = spark;
    this.metrics = metrics;
    this.table = table;
    this.batchAppId = "medallion-ingest:" + table;
  }

  /** Records the row of commit {@code version}, committed at {@code committedAt}. */
  void record(long version, IngestedBatch batch, Instant committedAt) {
    metrics.record(
        spark,
        new BatchIdentity(batchAppId, version),
        new BatchMetrics(
            "bronze",
            table,
            version,
            batch.rows(),
            batch.rows(),
            0,
            0,
            0,
            batch.startedAt(),
            committedAt.isAfter(batch.startedAt()) ? committedAt : batch.startedAt(),
            batch.sourceTimeMin(),
            batch.sourceTimeAverage()));
  }

  /** Writes the row of the table's last ingested commit, if a crash lost it. */
  void recoverLastOf(BronzeLog log) {
    log.latestIngested(RECOVERY_DEPTH).ifPresent(last -> record(last.version(), last.batch(), last.committedAt()));
  }
}
