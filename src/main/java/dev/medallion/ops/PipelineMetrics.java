package dev.medallion.ops;

import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;

import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * Records every micro-batch's {@link BatchMetrics}: durably, in the Delta table {@code
 * ops.batch_metrics} (exactly once per batch, so sums over it are exact), and in memory for live
 * progress lines.
 */
public final class PipelineMetrics {
  public static final String TABLE = "ops.batch_metrics";

  public static final StructType SCHEMA =
      new StructType()
          .add("layer", StringType, false)
          .add("table_name", StringType, false)
          .add("query_id", StringType, false)
          .add("batch_id", LongType, false)
          .add("rows_in", LongType, false)
          .add("rows_out", LongType, false)
          .add("quarantined", LongType, false)
          .add("duplicates", LongType, false)
          .add("late", LongType, false)
          .add("started_at", TimestampType, false)
          .add("committed_at", TimestampType, false)
          .add("duration_ms", LongType, false)
          .add("source_time_min", TimestampType, true)
          .add("source_time_avg", TimestampType, true);

  private final TableLocations locations;
  private final Map<String, LiveCounters> live = new ConcurrentHashMap<>();
  private volatile KernelAppender appender;

  public PipelineMetrics(TableLocations locations) {
    this.locations = locations;
  }

  /** Creates {@code ops.batch_metrics} if it does not exist yet. */
  public void createTable(SparkSession spark) {
    DeltaWrites.createIfMissing(spark, locations.table(TABLE), SCHEMA, List.of(), Map.of());
  }

  /** Appends the batch's row (skipped when the batch was recorded before) and updates live counters. */
  public void record(SparkSession spark, BatchIdentity batch, BatchMetrics metrics) {
    Row row =
        RowFactory.create(
            metrics.layer(),
            metrics.table(),
            batch.appId(),
            metrics.batchId(),
            metrics.rowsIn(),
            metrics.rowsOut(),
            metrics.quarantined(),
            metrics.duplicates(),
            metrics.late(),
            Timestamp.from(metrics.startedAt()),
            Timestamp.from(metrics.committedAt()),
            metrics.duration().toMillis(),
            metrics.sourceTimeMin().map(Timestamp::from).orElse(null),
            metrics.sourceTimeAverage().map(Timestamp::from).orElse(null));
    // one flow's batch records a row per layer: each layer's row is its own idempotent write
    BatchIdentity layerBatch = new BatchIdentity(batch.appId() + "/" + metrics.table(), batch.version());
    appender(spark).appendOnce(locations.table(TABLE), SCHEMA, List.of(row), layerBatch);
    live.computeIfAbsent(metrics.table(), t -> new LiveCounters()).add(metrics);
  }

  /** Through Kernel: a Spark append of one row costs a second of jobs per micro-batch. */
  private KernelAppender appender(SparkSession spark) {
    if (appender == null) {
      appender = new KernelAppender(spark);
    }
    return appender;
  }

  /** Counters of the batches this process recorded, per table; empty before the first batch. */
  public Map<String, LiveCounters> live() {
    return Map.copyOf(live);
  }

  /** Running totals of one table in this process, and its latest batch. */
  public static final class LiveCounters {
    private long rowsIn;
    private long rowsOut;
    private long quarantined;
    private long duplicates;
    private long late;
    private BatchMetrics latest;

    synchronized void add(BatchMetrics metrics) {
      rowsIn += metrics.rowsIn();
      rowsOut += metrics.rowsOut();
      quarantined += metrics.quarantined();
      duplicates += metrics.duplicates();
      late += metrics.late();
      latest = metrics;
    }

    public synchronized long rowsIn() {
      return rowsIn;
    }

    public synchronized long rowsOut() {
      return rowsOut;
    }

    public synchronized long quarantined() {
      return quarantined;
    }

    public synchronized long duplicates() {
      return duplicates;
    }

    public synchronized long late() {
      return late;
    }

    public synchronized BatchMetrics latest() {
      return latest;
    }
  }
}
