package dev.medallion.bench;

import dev.medallion.ingest.broker.KafkaTopics;
import dev.medallion.ops.KafkaEndpoint;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The ceiling no layer can beat: a plain {@link KafkaConsumer} reading a whole topic and doing
 * nothing with the records but counting them and their bytes. Same fetch sizes as bronze's reader.
 */
final class ConsumerCeiling {
  private static final Duration POLL = Duration.ofMillis(500);
  private static final Duration GIVE_UP_AFTER = Duration.ofSeconds(30);

  private ConsumerCeiling() {}

  /** Reads every record of {@code topic} from its start to the end offsets seen when called. */
  static Rate read(KafkaEndpoint kafka, String topic) {
    Map<TopicPartition, Long> end =
        KafkaTopics.endOffsets(kafka.bootstrap(), new LinkedHashMap<>(kafka.clientConfig()), topic);
    Map<String, Object> config = new HashMap<>(kafka.clientConfig());
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap());
    config.put(ConsumerConfig.GROUP_ID_CONFIG, "medallion-bench-" + UUID.randomUUID());
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 64 * 1024 * 1024);
    config.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 16 * 1024 * 1024);
    config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000);
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = List.copyOf(end.keySet());
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long records = 0;
      long bytes = 0;
      long started = System.nanoTime();
      long lastProgress = started;
      while (!caughtUp(consumer, end)) {
        ConsumerRecords<byte[], byte[]> batch = consumer.poll(POLL);
        if (batch.isEmpty()) {
          if (System.nanoTime() - lastProgress > GIVE_UP_AFTER.toNanos()) {
            throw new IllegalStateException("the ceiling consumer stopped receiving records of " + topic);
          }
          continue;
        }
        lastProgress = System.nanoTime();
        for (ConsumerRecord<byte[], byte[]> record : batch) {
          records++;
          bytes += record.serializedValueSize() + Math.max(0, record.serializedKeySize());
        }
      }
      return new Rate(records, bytes, Duration.ofNanos(System.nanoTime() - started));
    }
  }

  private static boolean caughtUp(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
    for (Map.Entry<TopicPartition, Long> partition : end.entrySet()) {
      if (consumer.position(partition.getKey()) < partition.getValue()) {
        return false;
      }
    }
    return true;
  }
}
