package dev.medallion.bench;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.percentile_approx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Measures per-event latency after a sustained run. Bronze and silver rows carry their Kafka
 * timestamp and, through the change data feed, the timestamp of the commit that wrote them. A gold
 * table holds aggregates, not events, so an event's gold commit is that of the gold micro-batch
 * that read the silver version holding it, found from the gold query's progress reports.
 */
final class LatencyProbe {
  static final String KAFKA_TIME = "kafka_time";
  static final String COMMIT_TIME = "commit_time";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int ACCURACY = 100_000;

  private final SparkSession spark;

  LatencyProbe(SparkSession spark) {
    this.spark = spark;
  }

  /** The rows ever inserted into the Delta table at {@code location}, with their commit. */
  Dataset<Row> changes(String location) {
    return spark
        .read()
        .format("delta")
        .option("readChangeFeed", "true")
        .option("startingVersion", 0)
        .load(location)
        .filter(col("_change_type").equalTo("insert"));
  }

  /** Latencies of a table whose rows carry their Kafka timestamp in {@code kafkaTimestamp}. */
  Latencies ofTable(String location, String kafkaTimestamp) {
    return of(
        changes(location)
            .select(col(kafkaTimestamp).as(KAFKA_TIME), col("_commit_timestamp").as(COMMIT_TIME)));
  }

  /**
   * Latencies to gold: each silver row ({@code silverChanges}, with {@code _commit_version} and
   * {@link #KAFKA_TIME}) is committed in gold by the first batch of {@code goldBatches} whose end
   * offset lies past its silver version.
   */
  Latencies ofGold(Dataset<Row> silverChanges, List<StreamingQueryProgress> goldBatches) {
    // per silver version, the commit of the first gold batch that read it: batches come in order,
    // so each one owns the versions between the previous batch's end and its own
    List<Row> commits = new ArrayList<>();
    long readUpTo = 0;
    for (StreamingQueryProgress batch : goldBatches) {
      long endVersion = endVersion(batch);
      java.sql.Timestamp committed =
          java.sql.Timestamp.from(
              Instant.parse(batch.timestamp())
                  .plusMillis(batch.durationMs().getOrDefault("triggerExecution", 0L)));
      for (long version = readUpTo; version < endVersion; version++) {
        commits.add(RowFactory.create(version, committed));
      }
      readUpTo = Math.max(readUpTo, endVersion);
    }
    if (commits.isEmpty()) {
      return Latencies.NONE;
    }
    StructType schema =
        new StructType()
            .add("version", DataTypes.LongType)
            .add(COMMIT_TIME, DataTypes.TimestampType);
    Dataset<Row> gold = spark.createDataFrame(commits, schema);
    // one row per silver event: an inner equi-join keeps events that share a Kafka millisecond
    return of(
        silverChanges
            .select(col("_commit_version").as("version"), col(KAFKA_TIME))
            .join(org.apache.spark.sql.functions.broadcast(gold), "version")
            .select(col(KAFKA_TIME), col(COMMIT_TIME)));
  }

  /**
   * The silver version up to which a Delta-source batch read (exclusive): its end offset's version,
   * or the one after when the offset's index says that version was read in full or in part.
   */
  static long endVersion(StreamingQueryProgress batch) {
    try {
      JsonNode end = JSON.readTree(batch.sources()[0].endOffset());
      long version = end.get("reservoirVersion").asLong();
      long index = end.has("index") ? end.get("index").asLong() : -1;
      return index >= 0 ? version + 1 : version;
    } catch (java.io.IOException | RuntimeException e) {
      throw new IllegalStateException("unreadable Delta source offset of batch " + batch.batchId(), e);
    }
  }

  /** Percentiles of {@code rows} ({@link #KAFKA_TIME}, {@link #COMMIT_TIME}) and their trend. */
  Latencies of(Dataset<Row> rows) {
    Dataset<Row> latencies =
        rows.filter(col(KAFKA_TIME).isNotNull())
            .select(
                col(KAFKA_TIME),
                expr("(unix_micros(" + COMMIT_TIME + ") - unix_micros(" + KAFKA_TIME + ")) / 1000.0")
                    .cast("double")
                    .as("ms"))
            .cache();
    try {
      Row overall =
          latencies
              .agg(
                  count(lit(1)),
                  percentile_approx(col("ms"), array(lit(0.5), lit(0.95), lit(0.99)), lit(ACCURACY)),
                  min(KAFKA_TIME),
                  max(KAFKA_TIME))
              .first();
      long events = overall.getLong(0);
      if (events == 0) {
        return Latencies.NONE;
      }
      List<Double> percentiles = overall.getList(1);
      long from = overall.getTimestamp(2).getTime();
      long span = Math.max(1, overall.getTimestamp(3).getTime() - from + 1);
      List<Row> quarters =
          latencies
              .withColumn(
                  "quarter",
                  floor(
                      expr("unix_millis(" + KAFKA_TIME + ")").minus(lit(from)).multiply(4).divide(lit(span))))
              .groupBy("quarter")
              .agg(percentile_approx(col("ms"), lit(0.5), lit(ACCURACY)))
              .collectAsList();
      double early = Double.NaN;
      double late = Double.NaN;
      for (Row quarter : quarters) {
        if (quarter.getLong(0) == 1) {
          early = quarter.getDouble(1);
        } else if (quarter.getLong(0) == 3) {
          late = quarter.getDouble(1);
        }
      }
      return new Latencies(
          events, percentiles.get(0), percentiles.get(1), percentiles.get(2), early, late);
    } finally {
      latencies.unpersist();
    }
  }
}
