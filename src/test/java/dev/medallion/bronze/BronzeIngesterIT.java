package dev.medallion.bronze;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.medallion.ops.PipelineMetrics;
import dev.medallion.spec.BronzeTableSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.actions.AddFile;
import org.junit.jupiter.api.Test;
import scala.Option;

/**
 * The ingester against a real broker and real Delta tables: records land verbatim with their
 * coordinates and Delta's own statistics, a restart resumes where the table's commits end, and a
 * continuous run ingests until closed. What cannot be ingested correctly: {@link BronzeRefusalsIT}.
 */
class BronzeIngesterIT extends BronzeTableTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final byte[] NOT_UTF8 = {(byte) 0xC3, (byte) 0x28, '{', (byte) 0xFF};

  @Test
  void recordsLandVerbatimWithTheirCoordinatesAndDeltasOwnStatistics() throws Exception {
    String topic = newTopic(2);
    List<RecordMetadata> sent = new ArrayList<>();
    try (KafkaProducer<byte[], byte[]> producer = producer()) {
      sent.add(send(producer, new ProducerRecord<>(topic, 0, 1_700_000_000_123L, bytes("c1"), bytes("{\"a\":1}"))));
      sent.add(send(producer, new ProducerRecord<>(topic, 1, 1_700_000_001_000L, (byte[]) null, NOT_UTF8)));
      sent.add(send(producer, new ProducerRecord<>(topic, 0, 1_700_000_002_000L, bytes("c2"), (byte[]) null)));
      sent.add(send(producer, new ProducerRecord<>(topic, 1, 1_699_999_999_999L, bytes("ü"), bytes("{\"ü\":\"ñ\"}"))));
    }
    BronzeIngester ingester = ingester(source(topic, 1_000_000), metricsTable());
    ingester.createTable();
    ingester.checkResumable();
    ingester.ingestAvailable();

    Dataset<Row> bronze = spark.read().format("delta").load(bronzeLocation());
    List<Row> rows =
        bronze
            .selectExpr(
                "kafka_partition", "kafka_offset", "CAST(event_data AS BINARY)", "CAST(kafka_key AS BINARY)",
                "kafka_topic", "unix_millis(kafka_timestamp)", "source_system", "unix_micros(ingestion_timestamp)",
                "CAST(ingestion_date AS STRING)")
            .orderBy("kafka_partition", "kafka_offset")
            .collectAsList();
    assertThat(rows).hasSize(4);
    assertThat(rows.get(0).getInt(0)).isZero();
    assertThat((byte[]) rows.get(0).get(2)).isEqualTo(bytes("{\"a\":1}"));
    assertThat((byte[]) rows.get(0).get(3)).isEqualTo(bytes("c1"));
    assertThat(rows.get(0).getLong(5)).isEqualTo(1_700_000_000_123L);
    assertThat(rows.get(1).isNullAt(2)).as("a record without value").isTrue();
    assertThat((byte[]) rows.get(2).get(2)).as("bytes that are not UTF-8, verbatim").isEqualTo(NOT_UTF8);
    assertThat(rows.get(2).isNullAt(3)).as("a record without key").isTrue();
    assertThat((byte[]) rows.get(3).get(3)).isEqualTo(bytes("ü"));
    for (Row row : rows) {
      assertThat(row.getString(4)).isEqualTo(topic);
      assertThat(row.getString(6)).isEqualTo("kafka-test");
      assertThat(row.getLong(7)).isEqualTo(NOW.getEpochSecond() * 1_000_000 + NOW.getNano() / 1_000);
      assertThat(row.getString(8)).isEqualTo("2026-11-20");
    }
    assertThat(rows.stream().map(row -> row.getInt(0) + ":" + row.getLong(1)).toList())
        .containsExactlyInAnyOrderElementsOf(sent.stream().map(m -> m.partition() + ":" + m.offset()).toList());

    // each file's rows written by Delta itself, one file each, into a table of the same properties
    String byDelta = home.resolve("by-delta").toString();
    dev.medallion.ops.DeltaWrites.createIfMissing(
        spark, byDelta, BronzeSchema.SCHEMA, BronzeTableSpec.PARTITION_COLUMNS, BronzeSchema.tableProperties(Map.of()));
    for (AddFile file : files(bronzeLocation())) {
      spark.read().parquet(bronzeLocation() + "/" + file.path())
          .withColumn("ingestion_date", org.apache.spark.sql.functions.lit(java.sql.Date.valueOf("2026-11-20")))
          .repartition(1).write().format("delta").mode(SaveMode.Append).save(byDelta);
    }
    assertThat(statistics(bronzeLocation())).isEqualTo(statistics(byDelta));
    assertThat(bronze.where("kafka_offset > 5").inputFiles()).as("files skipped by their statistics").isEmpty();
  }

  @Test
  void aRestartResumesWhereTheTablesCommitsEndAndIngestsNothingTwice() throws Exception {
    String topic = newTopic(2);
    publish(topic, 0, 100);
    PipelineMetrics metrics = new PipelineMetrics(locations());
    metrics.createTable(spark);
    // at most 30 records per commit: several commits, each writer's share in files of a tenth
    BronzeIngester first = ingester(source(topic, 30), metrics);
    first.createTable();
    first.ingestAvailable();
    publish(topic, 100, 50);
    BronzeIngester second = ingester(source(topic, 30), metrics);
    second.checkResumable();
    second.ingestAvailable();

    Dataset<Row> bronze = spark.read().format("delta").load(bronzeLocation());
    assertThat(bronze.count()).isEqualTo(150);
    assertThat(bronze.select("kafka_partition", "kafka_offset").distinct().count()).isEqualTo(150);
    assertThat(bronze.selectExpr("CAST(event_data AS STRING)").as(org.apache.spark.sql.Encoders.STRING()).collectAsList())
        .containsExactlyInAnyOrderElementsOf(java.util.stream.IntStream.range(0, 150).mapToObj(i -> "{\"event\":" + i + "}").toList());
    long rowsPerFile = (30 + first.filesPerBatch() - 1) / first.filesPerBatch();
    assertThat(statistics(bronzeLocation())).allMatch(stats -> stats.get("numRecords").asLong() <= rowsPerFile);
    Map<Integer, Long> next = new BronzeLog(spark, bronzeLocation(), "bronze.events", topic).committedOffsets(List.of(0, 1));
    assertThat(next.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(150);

    Dataset<Row> batches =
        spark.read().format("delta").load(locations().table(PipelineMetrics.TABLE)).where("layer = 'bronze'");
    assertThat(batches.agg(org.apache.spark.sql.functions.sum("rows_in")).first().getLong(0)).isEqualTo(150);
    assertThat(batches.count()).as("one metrics row per commit").isEqualTo(bronzeVersion());
    assertThat(batches.where("rows_in > 30").count()).isZero();
  }

  @Test
  void filesOfManyPagesHoldEveryPayloadExactly() throws Exception {
    String topic = newTopic(2);
    String padding = "x".repeat(300);
    try (KafkaProducer<byte[], byte[]> producer = producer()) {
      for (int i = 0; i < 30_000; i++) {
        producer.send(new ProducerRecord<>(topic, bytes("k" + (i % 50)), bytes("{\"event\":" + i + ",\"pad\":\"" + padding + "\"}")));
      }
    }
    BronzeIngester ingester = ingester(source(topic, 1_000_000), metricsTable());
    ingester.createTable();
    ingester.ingestAvailable();

    Dataset<Row> bronze = spark.read().format("delta").load(bronzeLocation());
    Row summary =
        bronze.selectExpr(
                "count(*)", "count(DISTINCT event_data)", "sum(length(event_data))",
                "sum(CAST(get_json_object(event_data, '$.event') AS BIGINT))", "count(DISTINCT kafka_key)")
            .first();
    assertThat(summary.getLong(0)).isEqualTo(30_000);
    assertThat(summary.getLong(1)).isEqualTo(30_000);
    long expectedLength = 0;
    for (int i = 0; i < 30_000; i++) {
      expectedLength += ("{\"event\":" + i + ",\"pad\":\"" + padding + "\"}").length();
    }
    assertThat(summary.getLong(2)).isEqualTo(expectedLength);
    assertThat(summary.getLong(3)).isEqualTo(29_999L * 30_000 / 2);
    assertThat(summary.getLong(4)).isEqualTo(50);
  }

  @Test
  void aStreamReadingTheTablesFirstSnapshotMeetsEachPartitionInOffsetOrder() throws Exception {
    String topic = newTopic(2);
    publish(topic, 0, 400);
    // dozens of small files, closed within the same milliseconds
    BronzeIngester ingester = ingester(source(topic, 200), metricsTable());
    ingester.createTable();
    ingester.ingestAvailable();

    java.util.Queue<long[]> batches = new java.util.concurrent.ConcurrentLinkedQueue<>();
    org.apache.spark.sql.streaming.StreamingQuery query =
        spark.readStream().format("delta").option("maxFilesPerTrigger", 1).load(bronzeLocation())
            .writeStream()
            .option("checkpointLocation", home.resolve("reader-checkpoint").toString())
            .trigger(org.apache.spark.sql.streaming.Trigger.AvailableNow())
            .foreachBatch(
                (Dataset<Row> batch, Long id) ->
                    batch.groupBy("kafka_partition").agg(
                            org.apache.spark.sql.functions.min("kafka_offset"),
                            org.apache.spark.sql.functions.max("kafka_offset"))
                        .collectAsList()
                        .forEach(row -> batches.add(new long[] {id, row.getInt(0), row.getLong(1), row.getLong(2)})))
            .start();
    query.awaitTermination();

    Map<Long, Long> lastOffset = new HashMap<>();
    long files = 0;
    for (long[] batch : batches.stream().sorted(java.util.Comparator.comparingLong(b -> b[0])).toList()) {
      assertThat(batch[2]).as("partition %d's offsets in batch %d", batch[1], batch[0])
          .isGreaterThan(lastOffset.getOrDefault(batch[1], -1L));
      lastOffset.put(batch[1], batch[3]);
      files++;
    }
    assertThat(files).isGreaterThan(20);
    assertThat(lastOffset.values().stream().mapToLong(offset -> offset + 1).sum()).isEqualTo(400);
  }

  @Test
  void aMetricsRowLostAfterItsCommitIsWrittenAtTheNextStart() throws Exception {
    String topic = newTopic(1);
    publish(topic, 0, 20);
    PipelineMetrics metrics = new PipelineMetrics(locations());
    BronzeIngester ingester = ingester(source(topic, 1_000), metrics);
    ingester.createTable();
    // no metrics table yet: the row fails after the bronze commit, as a crash there would lose it
    assertThatThrownBy(ingester::ingestAvailable).isInstanceOf(RuntimeException.class);
    assertThat(spark.read().format("delta").load(bronzeLocation()).count()).isEqualTo(20);

    metrics.createTable(spark);
    ingester(source(topic, 1_000), metrics).ingestAvailable();

    List<Row> batches =
        spark.read().format("delta").load(locations().table(PipelineMetrics.TABLE))
            .select("layer", "table_name", "batch_id", "rows_in").collectAsList();
    long version = bronzeVersion();
    assertThat(batches).hasSize(1);
    assertThat(batches.get(0).getString(0)).isEqualTo("bronze");
    assertThat(batches.get(0).getLong(2)).isEqualTo(version);
    assertThat(batches.get(0).getLong(3)).isEqualTo(20);
  }

  @Test
  void ingestsContinuouslyUntilClosed() throws Exception {
    String topic = newTopic(2);
    PipelineMetrics metrics = new PipelineMetrics(locations());
    metrics.createTable(spark);
    BronzeIngester ingester = ingester(source(topic, 1_000_000), metrics);
    ingester.createTable();
    ingester.start();
    try {
      // counted from the ingester's metrics: a Spark read of the table beside the ingester's
      // commits can meet the state of a version the next commit uncaches
      publish(topic, 0, 40);
      await().atMost(Duration.ofSeconds(60)).until(() -> ingested(metrics) == 40);
      publish(topic, 40, 10);
      await().atMost(Duration.ofSeconds(60)).until(() -> ingested(metrics) == 50);
      assertThat(ingester.failure()).isEmpty();
    } finally {
      ingester.close();
    }
    assertThat(bronzeCount()).isEqualTo(50);
    long versions = bronzeVersion();
    publish(topic, 50, 5);
    // nothing ingested after close, all through a second and a half (a live ingester commits
    // every 200 ms here)
    await()
        .during(Duration.ofMillis(1_500))
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(100))
        .until(this::bronzeCount, count -> count == 50);
    assertThat(bronzeVersion())
        .isEqualTo(versions);
  }

  @Test
  void aReaderHasWhatWasReadCommittedAtOnce() throws Exception {
    String topic = newTopic(2);
    PipelineMetrics metrics = metricsTable();
    // a trigger no test waits for: only the reader's requests commit
    BronzeIngester ingester = ingester(source(topic, 1_000_000), metrics, Duration.ofHours(1));
    ingester.createTable();
    ingester.start();
    try {
      publish(topic, 0, 40);
      await().atMost(Duration.ofSeconds(60)).until(() -> committedOnRequest(ingester, metrics) == 40);
      long version = bronzeVersion();
      ingester.commitWhatWasRead(Duration.ofSeconds(10));
      assertThat(bronzeVersion()).as("nothing new read, nothing committed").isEqualTo(version);
      publish(topic, 40, 10);
      await().atMost(Duration.ofSeconds(60)).until(() -> committedOnRequest(ingester, metrics) == 50);
      assertThat(ingester.failure()).isEmpty();
    } finally {
      ingester.close();
    }
    assertThat(bronzeCount()).isEqualTo(50);
  }

  /** Asks for a commit of what was read, then counts what the commits hold. */
  private static long committedOnRequest(BronzeIngester ingester, PipelineMetrics metrics) {
    ingester.commitWhatWasRead(Duration.ofSeconds(10));
    return ingested(metrics);
  }

  private long bronzeVersion() {
    return DeltaLog.forTable(spark, bronzeLocation()).update(false, Option.empty(), Option.empty()).version();
  }

  private List<AddFile> files(String location) {
    return DeltaLog.forTable(spark, location).update(false, Option.empty(), Option.empty()).allFiles().collectAsList();
  }

  /** Each file's statistics, without the file: numRecords, minValues, maxValues, nullCount. */
  private List<JsonNode> statistics(String location) throws Exception {
    List<JsonNode> all = new ArrayList<>();
    for (AddFile file : files(location)) {
      all.add(JSON.readTree(file.stats()));
    }
    all.sort((a, b) -> a.toString().compareTo(b.toString()));
    return all;
  }
}
