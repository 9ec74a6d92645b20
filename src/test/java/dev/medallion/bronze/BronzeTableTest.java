package dev.medallion.bronze;

import dev.medallion.ingest.broker.KafkaTopics;
import dev.medallion.ops.MedallionHome;
import dev.medallion.ops.PipelineMetrics;
import dev.medallion.ops.TableLocations;
import dev.medallion.spec.BronzeTableSpec;
import dev.medallion.spec.SourceSpec;
import dev.medallion.testing.MutableClock;
import dev.medallion.testing.SharedKafka;
import dev.medallion.testing.SharedSpark;
import io.delta.tables.DeltaTable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the bronze ingester's tests share: a home of their own, the table {@code bronze.events} in
 * it, an ingester writing it from a topic of the shared broker, and events published there.
 */
abstract class BronzeTableTest {
  static final Instant NOW = Instant.parse("2026-11-20T12:00:00.123456Z");

  @TempDir Path home;

  final SparkSession spark = SharedSpark.session();

  BronzeIngester ingester(SourceSpec source, PipelineMetrics metrics) {
    return ingester(source, metrics, Duration.ofMillis(200));
  }

  BronzeIngester ingester(SourceSpec source, PipelineMetrics metrics, Duration trigger) {
    BronzeTableSpec table = new BronzeTableSpec("events", "events", "kafka-test", trigger, Map.of());
    return new BronzeIngester(spark, table, source, kafka(), locations(), metrics, new MutableClock(NOW));
  }

  /** A new topic of one partition holding {@code records} events, ingested once into bronze. */
  String ingestedTopic(int records) throws Exception {
    String topic = newTopic(1);
    publish(topic, 0, records);
    BronzeIngester ingester = ingester(source(topic, 1_000), metricsTable());
    ingester.createTable();
    ingester.ingestAvailable();
    return topic;
  }

  PipelineMetrics metricsTable() {
    PipelineMetrics metrics = new PipelineMetrics(locations());
    metrics.createTable(spark);
    return metrics;
  }

  static SourceSpec source(String topic, long maxOffsetsPerTrigger) {
    return new SourceSpec(
        "events", topic, Optional.empty(), Map.of(), SourceSpec.StartingOffsets.EARLIEST, maxOffsetsPerTrigger, 2,
        SourceSpec.PayloadFormat.JSON);
  }

  static dev.medallion.ops.KafkaEndpoint kafka() {
    return new dev.medallion.ops.KafkaEndpoint(SharedKafka.bootstrap(), Map.of());
  }

  TableLocations locations() {
    return new MedallionHome(home).locations(dev.medallion.spec.StorageSpec.underHome());
  }

  String bronzeLocation() {
    return locations().table("bronze.events");
  }

  static long ingested(PipelineMetrics metrics) {
    PipelineMetrics.LiveCounters bronze = metrics.live().get("bronze.events");
    return bronze == null ? 0 : bronze.rowsIn();
  }

  long bronzeCount() {
    return DeltaTable.isDeltaTable(spark, bronzeLocation()) ? spark.read().format("delta").load(bronzeLocation()).count() : 0;
  }

  static String newTopic(int partitions) {
    String topic = "ingest-" + UUID.randomUUID().toString().substring(0, 8);
    KafkaTopics.ensureTopic(SharedKafka.bootstrap(), new HashMap<>(), topic, partitions);
    return topic;
  }

  /** Publishes events {@code from} .. {@code from + count - 1}, keyed, spread over the partitions. */
  static void publish(String topic, int from, int count) throws Exception {
    try (KafkaProducer<byte[], byte[]> producer = producer()) {
      for (int i = from; i < from + count; i++) {
        send(producer, new ProducerRecord<>(topic, bytes("k" + (i % 7)), bytes("{\"event\":" + i + "}")));
      }
    }
  }

  static KafkaProducer<byte[], byte[]> producer() {
    return new KafkaProducer<>(
        Map.of("bootstrap.servers", SharedKafka.bootstrap(), "linger.ms", 0),
        new ByteArraySerializer(),
        new ByteArraySerializer());
  }

  static RecordMetadata send(KafkaProducer<byte[], byte[]> producer, ProducerRecord<byte[], byte[]> record)
      throws InterruptedException, ExecutionException {
    return producer.send(record).get();
  }

  static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
