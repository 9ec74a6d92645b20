package dev.medallion.bronze;

import dev.medallion.ops.KafkaEndpoint;
import dev.medallion.spec.SourceSpec;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteBufferDeserializer;

/**
 * A consumer of every partition of a source's topic, positioned where the bronze table's commits
 * end (partitions the table has no offset for at the source's starting offsets), with the offsets
 * it starts from and, for a run that stops when caught up, the end offsets it reads to. The
 * table's commits say where to read: Kafka's group offsets and offset resets play no part.
 *
 * @param committed each partition's next offset as the table committed it (absent: none yet)
 * @param until the end offsets to stop at; empty for a run that does not stop when caught up
 */
record SourceConsumer(
    KafkaConsumer<ByteBuffer, ByteBuffer> consumer,
    List<TopicPartition> partitions,
    Map<Integer, Long> committed,
    Map<TopicPartition, Long> until) {
  private static final Duration TOPIC_RETRY = Duration.ofSeconds(1);

  /**
   * Assigns a consumer to every partition of the source's topic, at the offsets {@code log}
   * committed; empty when {@code stopping} while the topic did not exist yet, or, for
   * {@code untilNow}, when it does not exist.
   */
  static Optional<SourceConsumer> open(
      SourceSpec source, KafkaEndpoint kafka, String table, BronzeLog log, boolean untilNow, BooleanSupplier stopping) {
    KafkaConsumer<ByteBuffer, ByteBuffer> consumer =
        new KafkaConsumer<>(config(kafka, table), new ByteBufferDeserializer(), new ByteBufferDeserializer());
    try {
      List<TopicPartition> partitions = partitions(consumer, source.topic(), untilNow, stopping);
      if (partitions.isEmpty()) {
        consumer.close();
        return Optional.empty();
      }
      Map<Integer, Long> committed =
          new HashMap<>(log.committedOffsets(partitions.stream().map(TopicPartition::partition).toList()));
      consumer.assign(partitions);
      for (TopicPartition partition : partitions) {
        Long next = committed.get(partition.partition());
        if (next != null) {
          consumer.seek(partition, next);
        } else if (source.startingOffsets() == SourceSpec.StartingOffsets.EARLIEST) {
          consumer.seekToBeginning(List.of(partition));
        } else {
          consumer.seekToEnd(List.of(partition));
        }
      }
      Map<TopicPartition, Long> until = untilNow ? consumer.endOffsets(partitions) : Map.of();
      return Optional.of(new SourceConsumer(consumer, partitions, committed, until));
    } catch (RuntimeException e) {
      consumer.close();
      throw e;
    }
  }

  /** The topic's partitions; waits for the topic to exist unless {@code untilNow} or stopping. */
  private static List<TopicPartition> partitions(
      KafkaConsumer<ByteBuffer, ByteBuffer> consumer, String topic, boolean untilNow, BooleanSupplier stopping) {
    while (true) {
      List<PartitionInfo> found = consumer.partitionsFor(topic);
      if ((found != null && !found.isEmpty()) || untilNow || stopping.getAsBoolean()) {
        return found == null
            ? List.of()
            : found.stream().map(info -> new TopicPartition(info.topic(), info.partition())).toList();
      }
      try {
        Thread.sleep(TOPIC_RETRY.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return List.of();
      }
    }
  }

  private static Map<String, Object> config(KafkaEndpoint kafka, String table) {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 64 * 1024 * 1024);
    config.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 16 * 1024 * 1024);
    config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000);
    config.put(ConsumerConfig.CLIENT_ID_CONFIG, "medallion-ingest-" + table);
    config.putAll(kafka.clientConfig());
    // the table's commits say where to read; Kafka's group offsets and resets would not agree
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
    config.remove(ConsumerConfig.GROUP_ID_CONFIG);
    return config;
  }
}
