package dev.medallion.testing;

import dev.medallion.ingest.broker.KafkaTopics;
import dev.medallion.ingest.broker.RecordPublisher;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;

/** Writes test records to a topic of the shared broker, creating it first. */
public final class TopicWriter {
  private TopicWriter() {}

  public static void write(String topic, int partitions, List<byte[]> values) {
    KafkaTopics.ensureTopic(SharedKafka.bootstrap(), new HashMap<>(), topic, partitions);
    try (RecordPublisher publisher =
        RecordPublisher.open(SharedKafka.bootstrap(), new HashMap<>())) {
      for (byte[] value : values) {
        publisher.send(topic, "k".getBytes(StandardCharsets.UTF_8), value);
      }
      publisher.flush();
    }
  }
}
