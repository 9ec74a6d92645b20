package dev.medallion.bronze;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;

import dev.medallion.ops.BatchIdentity;
import dev.medallion.ops.BatchMetrics;
import dev.medallion.ops.CrashPoints;
import dev.medallion.ops.DeltaWrites;
import dev.medallion.ops.KafkaEndpoint;
import dev.medallion.ops.ObservedValues;
import dev.medallion.ops.PipelineMetrics;
import dev.medallion.ops.SourceTimes;
import dev.medallion.ops.TableLocations;
import dev.medallion.spec.BronzeColumns;
import dev.medallion.spec.BronzeTableSpec;
import dev.medallion.spec.SourceSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * Kafka rows to a bronze table: each micro-batch is appended once (Delta idempotent write keyed by
 * the batch's identity) with the ingestion time taken from an injectable clock, and handed on as
 * the rows bronze holds for it. A batch replayed after a crash is not written again; the rows it
 * hands on are then read back from the table, so silver sees the ingestion times bronze kept.
 */
public final class BronzeWriter {
  private final SparkSession spark;
  private final BronzeTableSpec table;
  private final SourceSpec source;
  private final KafkaEndpoint kafka;
  private final TableLocations locations;
  private final PipelineMetrics metrics;
  private final Clock clock;

  public BronzeWriter(
      SparkSession spark,
      BronzeTableSpec table,
      SourceSpec source,
      KafkaEndpoint kafka,
      TableLocations locations,
      PipelineMetrics metrics,
      Clock clock) {
    this.spark = spark;
    this.table = table;
    this.source = source;
    this.kafka = kafka.forSource(source);
    this.locations = locations;
    this.metrics = metrics;
    this.clock = clock;
  }

  /** The qualified bronze table, {@code bronze.events}. */
  public String table() {
    return table.qualifiedName();
  }

  /** The spec's micro-batch interval for a continuous run. */
  public Duration trigger() {
    return table.trigger();
  }

  /** Creates the bronze table if missing. */
  public void createTable() {
    DeltaWrites.createIfMissing(
        spark,
        locations.table(table()),
        BronzeSchema.SCHEMA,
        BronzeTableSpec.PARTITION_COLUMNS,
        BronzeSchema.tableProperties(table.tableProperties()));
  }

  /** The source's Kafka topic as a stream of Kafka rows. */
  public Dataset<Row> kafkaStream() {
    var reader =
        spark
            .readStream()
            .format("kafka")
            .option("kafka.bootstrap.servers", kafka.bootstrap())
            .option("subscribe", source.topic())
            .option("startingOffsets", source.startingOffsets().name().toLowerCase())
            .option("maxOffsetsPerTrigger", source.maxOffsetsPerTrigger())
            .option("kafka.fetch.max.bytes", 64 * 1024 * 1024)
            .option("kafka.max.partition.fetch.bytes", 16 * 1024 * 1024);
    for (Map.Entry<String, String> property : kafka.properties().entrySet()) {
      reader = reader.option("kafka." + property.getKey(), property.getValue());
    }
    return reader.load();
  }

  /**
   * Appends {@code kafkaBatch} once and returns the bronze rows of the batch, cached: the caller
   * unpersists them when the batch is done.
   */
  public Dataset<Row> write(Dataset<Row> kafkaBatch, BatchIdentity identity) {
    long batchId = identity.version();
    Instant startedAt = clock.instant();
    Observation observed = new Observation("bronze-" + table() + "-" + batchId);
    Column[] summaryColumns = summaryColumns();
    Dataset<Row> rows =
        BronzeSchema.fromKafka(kafkaBatch, table.sourceSystem(), startedAt)
            .observe(observed, summaryColumns[0], summaryColumns[1], summaryColumns[2])
            .persist(StorageLevel.MEMORY_AND_DISK());
    boolean written =
        DeltaWrites.appendOnce(
            rows, locations.table(table()), identity, BronzeTableSpec.PARTITION_COLUMNS);
    Row summary;
    if (written) {
      CrashPoints.reach(table(), "after-commit", batchId);
      Dataset<Row> appended = rows;
      summary =
          ObservedValues.ofCompletedWrite(observed)
              .orElseGet(() -> appended.agg(summaryColumns[0], summaryColumns[1], summaryColumns[2]).first());
    } else {
      rows.unpersist();
      rows = committedRows(kafkaBatch).persist(StorageLevel.MEMORY_AND_DISK());
      summary = rows.agg(summaryColumns[0], summaryColumns[1], summaryColumns[2]).first();
    }
    long count = summary.getLong(0);
    metrics.record(
        spark,
        identity,
        new BatchMetrics(
            "bronze",
            table(),
            batchId,
            count,
            count,
            0,
            0,
            0,
            startedAt,
            clock.instant(),
            SourceTimes.earliest(summary, 1),
            SourceTimes.average(summary, 2)));
    return rows;
  }

  /** The batch's row count and source times, named as observed metrics must be. */
  private static Column[] summaryColumns() {
    Column[] times = SourceTimes.aggregates();
    return new Column[] {count(lit(1)).as("rows"), times[0].as("first"), times[1].as("average")};
  }

  /**
   * The rows an earlier attempt of this batch committed: bronze rows within the batch's offset
   * range of each Kafka partition (a replay reads exactly the offsets the first attempt read).
   */
  private Dataset<Row> committedRows(Dataset<Row> kafkaBatch) {
    List<Row> ranges =
        kafkaBatch
            .groupBy(col("topic"), col("partition"))
            .agg(min(col("offset")), max(col("offset")))
            .collectAsList();
    Dataset<Row> bronze = spark.read().format("delta").load(locations.table(table()));
    if (ranges.isEmpty()) {
      return bronze.limit(0);
    }
    Column inBatch = lit(false);
    for (Row range : ranges) {
      inBatch =
          inBatch.or(
              col(BronzeColumns.KAFKA_TOPIC)
                  .equalTo(range.getString(0))
                  .and(col(BronzeColumns.KAFKA_PARTITION).equalTo(range.getInt(1)))
                  .and(col(BronzeColumns.KAFKA_OFFSET).between(range.getLong(2), range.getLong(3))));
    }
    return bronze.filter(inBatch);
  }
}
