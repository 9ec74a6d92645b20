package dev.medallion.bronze;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;

import dev.medallion.ops.BatchIdentity;
import dev.medallion.ops.BatchMetrics;
import dev.medallion.ops.CrashPoints;
import dev.medallion.ops.DeltaWrites;
import dev.medallion.ops.KafkaEndpoint;
import dev.medallion.ops.LayerStream;
import dev.medallion.ops.MicroBatchStreams;
import dev.medallion.ops.ObservedValues;
import dev.medallion.ops.PipelineMetrics;
import dev.medallion.ops.TableLocations;
import dev.medallion.spec.BronzeTableSpec;
import dev.medallion.spec.SourceSpec;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;

/**
 * Kafka to a bronze table: each micro-batch is appended once (Delta idempotent write keyed by the
 * query id and batch id) with the ingestion time taken from an injectable clock.
 */
public final class BronzeStream implements LayerStream {
  private final SparkSession spark;
  private final BronzeTableSpec table;
  private final SourceSpec source;
  private final KafkaEndpoint kafka;
  private final TableLocations locations;
  private final PipelineMetrics metrics;
  private final Clock clock;

  public BronzeStream(
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

  @Override
  public String table() {
    return table.qualifiedName();
  }

  @Override
  public Duration trigger() {
    return table.trigger();
  }

  @Override
  public StreamingQuery start(Trigger trigger) {
    DeltaWrites.createIfMissing(
        spark,
        locations.table(table()),
        BronzeSchema.SCHEMA,
        BronzeTableSpec.PARTITION_COLUMNS,
        BronzeSchema.tableProperties(table.tableProperties()));
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
    return MicroBatchStreams.start(reader.load(), table(), locations, trigger, this::writeBatch);
  }

  private void writeBatch(Dataset<Row> kafkaBatch, long batchId) {
    BatchIdentity identity = BatchIdentity.current(kafkaBatch, batchId);
    Instant startedAt = clock.instant();
    Observation observed = new Observation("bronze-" + batchId);
    Dataset<Row> rows =
        BronzeSchema.fromKafka(kafkaBatch, table.sourceSystem(), startedAt)
            .observe(
                observed,
                count(lit(1)).as("rows"),
                min("kafka_timestamp").as("first"),
                avg(org.apache.spark.sql.functions.col("kafka_timestamp").cast("double"))
                    .as("average"));
    DeltaWrites.appendOnce(
        rows, locations.table(table()), identity, BronzeTableSpec.PARTITION_COLUMNS);
    CrashPoints.reach(table(), "after-commit", batchId);
    Map<String, Object> seen = ObservedValues.ofCompletedWrite(observed);
    long count = ((Number) seen.getOrDefault("rows", 0L)).longValue();
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
            Optional.ofNullable((Timestamp) seen.get("first")).map(Timestamp::toInstant),
            Optional.ofNullable((Number) seen.get("average"))
                .map(seconds -> Instant.ofEpochMilli(Math.round(seconds.doubleValue() * 1000)))));
  }
}
