package dev.medallion.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.current_date;
import static org.apache.spark.sql.functions.current_timestamp;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.input_file_name;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.upper;

import dev.medallion.ops.KafkaEndpoint;
import io.delta.tables.DeltaTable;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The seed's pipeline as its PySpark shows it (shared/seed/data-flow-architecture.md), in Java:
 * three chained streams. Bronze: the Kafka pattern's projection and {@code process_to_bronze}
 * (30 s trigger, {@code maxOffsetsPerTrigger} 100,000). Silver: {@code process_to_silver} with its
 * plain {@code dropDuplicates("event_id")} (1 minute). Gold: {@code create_event_facts}'s
 * aggregation merged per micro-batch by {@code exactly_once_stream}'s foreachBatch, the matched
 * rows overwritten with the batch's values (1 minute). Tables carry the seed DDL's properties.
 * Only what the bench needs differs: paths instead of a metastore, earliest offsets, and silver's
 * {@code event_type} nullable (see {@link #createTables}).
 */
final class SeedPipeline {
  static final String BRONZE = "seed.bronze_events";
  static final String SILVER = "seed.silver_events";
  static final String GOLD = "seed.fact_events";
  static final Duration BRONZE_TRIGGER = Duration.ofSeconds(30);
  static final Duration SILVER_TRIGGER = Duration.ofMinutes(1);
  static final Duration GOLD_TRIGGER = Duration.ofMinutes(1);

  private static final StructType EVENT_SCHEMA =
      new StructType()
          .add("event_id", DataTypes.StringType, false)
          .add("customer_id", DataTypes.StringType, false)
          .add("event_type", DataTypes.StringType, false)
          .add("event_time", DataTypes.TimestampType, false)
          .add("properties", DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType), true);

  private final SparkSession spark;
  private final KafkaEndpoint kafka;
  private final Scenario scenario;

  SeedPipeline(SparkSession spark, KafkaEndpoint kafka, Scenario scenario) {
    this.spark = spark;
    this.kafka = kafka;
    this.scenario = scenario;
  }

  String location(String table) {
    return scenario.locations().table(table);
  }

  /** Creates the tables with the seed DDL's properties (bronze with its stream's columns). */
  void createTables() {
    DeltaTable.createIfNotExists(spark)
        .location(location(BRONZE))
        .addColumn("kafka_timestamp", "TIMESTAMP")
        .addColumn("key", "STRING")
        .addColumn("event_data", "STRING")
        .addColumn("topic", "STRING")
        .addColumn("partition", "INT")
        .addColumn("offset", "BIGINT")
        .addColumn("ingestion_timestamp", "TIMESTAMP", false)
        .addColumn("ingestion_date", "DATE", false)
        .addColumn("source_system", "STRING", false)
        .addColumn("file_name", "STRING", false)
        .partitionedBy("ingestion_date")
        .property("delta.autoOptimize.optimizeWrite", "true")
        .property("delta.enableChangeDataFeed", "true")
        .execute();
    DeltaTable.createIfNotExists(spark)
        .location(location(SILVER))
        .addColumn("event_id", "STRING", false)
        .addColumn("customer_id", "STRING", false)
        // NOT NULL in the seed's DDL, but its stream does not filter events without a type:
        // the first such event would stop it
        .addColumn("event_type", "STRING")
        .addColumn("event_time", "TIMESTAMP", false)
        .addColumn("properties", "MAP<STRING, STRING>")
        .addColumn("ingestion_timestamp", "TIMESTAMP")
        .addColumn("processing_timestamp", "TIMESTAMP")
        .addColumn(
            DeltaTable.columnBuilder(spark, "event_date")
                .dataType("DATE")
                .generatedAlwaysAs("CAST(event_time AS DATE)")
                .build())
        .partitionedBy("event_date")
        .property("delta.autoOptimize.optimizeWrite", "true")
        .property("delta.autoOptimize.autoCompact", "true")
        .property("delta.enableChangeDataFeed", "true")
        .execute();
    DeltaTable.createIfNotExists(spark)
        .location(location(GOLD))
        .addColumn("event_date", "DATE")
        .addColumn("customer_id", "STRING")
        .addColumn("event_type", "STRING")
        .addColumn("event_count", "BIGINT")
        .addColumn("unique_events", "BIGINT")
        .addColumn("first_event_time", "TIMESTAMP")
        .addColumn("last_event_time", "TIMESTAMP")
        .addColumn("aggregation_timestamp", "TIMESTAMP")
        .partitionedBy("event_date")
        .execute();
  }

  /** Kafka pattern + process_to_bronze. */
  StreamingQuery startBronze(Trigger trigger) {
    Dataset<Row> source =
        spark
            .readStream()
            .format("kafka")
            .option("kafka.bootstrap.servers", kafka.bootstrap())
            .option("subscribe", scenario.topic("events"))
            .option("startingOffsets", "earliest")
            .option("maxOffsetsPerTrigger", 100_000)
            .load()
            .select(
                col("timestamp").alias("kafka_timestamp"),
                col("key").cast("string"),
                col("value").cast("string").alias("event_data"),
                col("topic"),
                col("partition"),
                col("offset"));
    return start(
        source
            .withColumn("ingestion_timestamp", current_timestamp())
            .withColumn("ingestion_date", current_date())
            .withColumn("source_system", lit("event_hub"))
            .withColumn("file_name", input_file_name())
            .writeStream()
            .format("delta")
            .outputMode("append")
            .option("mergeSchema", "true")
            .partitionBy("ingestion_date"),
        BRONZE,
        trigger,
        location(BRONZE));
  }

  /** process_to_silver. */
  StreamingQuery startSilver(Trigger trigger) {
    Dataset<Row> silver =
        spark
            .readStream()
            .format("delta")
            .load(location(BRONZE))
            .withColumn("parsed", from_json(col("event_data"), EVENT_SCHEMA))
            .select("parsed.*", "ingestion_timestamp")
            .filter(col("event_id").isNotNull())
            .filter(col("customer_id").isNotNull())
            .filter(col("event_time").isNotNull())
            .dropDuplicates("event_id")
            .withColumn("event_type", upper(col("event_type")))
            .withColumn("customer_id", regexp_replace(col("customer_id"), "[^0-9]", ""))
            .withColumn("processing_timestamp", current_timestamp());
    return start(silver.writeStream().format("delta").outputMode("append"), SILVER, trigger, location(SILVER));
  }

  /** exactly_once_stream with create_event_facts's aggregation and overwriting MERGE. */
  StreamingQuery startGold(Trigger trigger) {
    try {
      return spark
          .readStream()
          .format("delta")
          .load(location(SILVER))
          .writeStream()
          .queryName(GOLD)
          .option("checkpointLocation", scenario.locations().checkpoint(GOLD))
          .trigger(trigger)
          .foreachBatch(this::mergeFacts)
          .start();
    } catch (TimeoutException e) {
      throw new IllegalStateException("could not start " + GOLD, e);
    }
  }

  private void mergeFacts(Dataset<Row> batch, long batchId) {
    Dataset<Row> facts =
        batch
            .groupBy("event_date", "customer_id", "event_type")
            .agg(
                count("*").alias("event_count"),
                countDistinct("event_id").alias("unique_events"),
                min("event_time").alias("first_event_time"),
                max("event_time").alias("last_event_time"),
                collect_list("properties").alias("all_properties"))
            .withColumn("aggregation_timestamp", current_timestamp());
    Map<String, String> update =
        Map.of(
            "event_count", "source.event_count",
            "unique_events", "source.unique_events",
            "first_event_time", "source.first_event_time",
            "last_event_time", "source.last_event_time",
            "aggregation_timestamp", "source.aggregation_timestamp");
    Map<String, String> insert = new java.util.HashMap<>(update);
    insert.put("event_date", "source.event_date");
    insert.put("customer_id", "source.customer_id");
    insert.put("event_type", "source.event_type");
    DeltaTable.forPath(batch.sparkSession(), location(GOLD))
        .as("target")
        .merge(
            facts.as("source"),
            "target.event_date = source.event_date AND target.customer_id = source.customer_id"
                + " AND target.event_type = source.event_type")
        .whenMatched()
        .updateExpr(update)
        .whenNotMatched()
        .insertExpr(insert)
        .execute();
  }

  private StreamingQuery start(
      org.apache.spark.sql.streaming.DataStreamWriter<Row> writer, String name, Trigger trigger, String path) {
    return writer
        .queryName(name)
        .option("checkpointLocation", scenario.locations().checkpoint(name))
        .trigger(trigger)
        .start(path);
  }

  /** The seed's trigger of a stream. */
  static Trigger seedTrigger(Duration interval) {
    return Trigger.ProcessingTime(interval.toMillis(), TimeUnit.MILLISECONDS);
  }
}
