package dev.medallion.bronze;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.medallion.spec.BronzeTableSpec;
import dev.medallion.spec.MedallionException;
import dev.medallion.testing.MutableClock;
import dev.medallion.testing.SharedKafka;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.common.TopicPartition;
import org.apache.spark.sql.SaveMode;
import org.junit.jupiter.api.Test;

/**
 * What the ingester cannot ingest correctly stops it, with a message saying what to do: another
 * writer's offsets, records Kafka no longer holds, a table without offsets, table features it does
 * not write.
 */
class BronzeRefusalsIT extends BronzeTableTest {
  @Test
  void aCommitIsRefusedWhenAnotherWriterMovedItsPartitions() throws Exception {
    String topic = ingestedTopic(5);

    BronzeLog log = new BronzeLog(spark, bronzeLocation(), "bronze.events", topic);
    // a writer that last saw partition 0 with nothing committed
    assertThatThrownBy(
            () -> log.commit(List.of(), Map.of(), Map.of(0, 3L), new IngestedBatch(3, NOW, Optional.empty(), Optional.empty())))
        .isInstanceOf(MedallionException.class)
        .hasMessageContaining("another process is ingesting " + topic)
        .hasMessageContaining("partition 0 is committed up to offset 5, this run expected none");
    assertThat(log.committedOffsets(List.of(0))).containsEntry(0, 5L);
  }

  @Test
  void recordsKafkaNoLongerHoldsStopTheIngestionWithWhatToDo() throws Exception {
    String topic = ingestedTopic(10);
    publish(topic, 10, 10);
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", SharedKafka.bootstrap()))) {
      admin.deleteRecords(Map.of(new TopicPartition(topic, 0), RecordsToDelete.beforeOffset(15))).all().get();
    }

    assertThatThrownBy(ingester(source(topic, 1_000), metricsTable())::ingestAvailable)
        .isInstanceOf(MedallionException.class)
        .hasMessageContaining("bronze.events: Kafka no longer holds the next records of " + topic)
        .hasMessageContaining("ingest into a new table");
    assertThat(bronzeCount()).isEqualTo(10);
  }

  @Test
  void aTableWrittenWithoutOffsetsIsNotIngestedInto() {
    String topic = newTopic(1);
    BronzeIngester ingester = ingester(source(topic, 1_000), metricsTable());
    ingester.createTable();
    spark.read().format("delta").load(bronzeLocation()).limit(0).union(
            spark.sql("SELECT 'x' event_data, 'k' kafka_key, 't' kafka_topic, 0 kafka_partition, 0L kafka_offset,"
                + " current_timestamp() kafka_timestamp, 'kafka' source_system, current_timestamp() ingestion_timestamp,"
                + " current_date() ingestion_date"))
        .write().format("delta").mode(SaveMode.Append).save(bronzeLocation());

    assertThatThrownBy(ingester::checkResumable)
        .isInstanceOf(MedallionException.class)
        .hasMessageContaining("records no ingested Kafka offsets")
        .hasMessageContaining("Use a new --home");
  }

  @Test
  void aTableWithColumnMappingIsRefused() {
    String topic = newTopic(1);
    BronzeTableSpec mapped =
        new BronzeTableSpec(
            "events", "events", "kafka-test", Duration.ofSeconds(1),
            Map.of("delta.columnMapping.mode", "name", "delta.minReaderVersion", "2", "delta.minWriterVersion", "5"));
    BronzeIngester ingester =
        new BronzeIngester(
            spark, mapped, source(topic, 1_000), kafka(), locations(), metricsTable(), new MutableClock(NOW));
    ingester.createTable();

    assertThatThrownBy(ingester::checkResumable)
        .isInstanceOf(MedallionException.class)
        .hasMessageContaining("bronze.events: bronze tables are written by Medallion's ingester, which does not support column mapping");
  }
}
