package dev.medallion.ingest.broker;

import dev.medallion.spec.ErrorCode;
import dev.medallion.spec.MedallionException;
import java.time.Duration;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;

/**
 * Creates topics and reads their offsets on any Kafka cluster, each call bounded by {@link
 * #TIMEOUT}.
 *
 * <p>Every method opens a short-lived admin client; {@code clientProperties} carries extra client
 * settings such as security ({@code security.protocol}, {@code sasl.jaas.config}) and may be empty.
 * Failures are {@link MedallionException}s: {@code KAFKA_UNAVAILABLE} naming the address when Kafka
 * does not answer in time or refuses the request, {@code INPUT_UNREADABLE} naming the topic when it
 * does not exist, {@code USAGE} for a bad address, topic name or partition count.
 */
public final class KafkaTopics {
  /** How long each call waits for Kafka before it fails. */
  public static final Duration TIMEOUT = Duration.ofSeconds(5);

  private static final Duration POLL_INTERVAL = Duration.ofMillis(20);

  private KafkaTopics() {}

  /**
   * Creates {@code topic} with {@code partitions} partitions unless it exists, and returns once
   * every partition has a leader, so records can be produced at once.
   *
   * <p>The replication factor is 1 on a single-broker cluster and the broker's {@code
   * default.replication.factor} otherwise. An existing topic is left as it is, whatever its
   * partition count.
   *
   * @throws MedallionException {@code USAGE} when {@code partitions} is below 1 or the name is not
   *     a legal topic name; {@code KAFKA_UNAVAILABLE} when Kafka does not answer within {@link
   *     #TIMEOUT} or refuses to create the topic
   */
  public static void ensureTopic(
      String bootstrap, Map<String, Object> clientProperties, String topic, int partitions) {
    if (partitions < 1) {
      throw KafkaErrors.badArgument(
          "Topic '" + topic + "' needs at least 1 partition; got " + partitions + ".");
    }
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    try (BoundedAdmin admin = BoundedAdmin.open(bootstrap, clientProperties, TIMEOUT)) {
      Optional<Short> replication =
          admin.aliveBrokers().size() == 1 ? Optional.of((short) 1) : Optional.empty();
      admin.createTopic(new NewTopic(topic, Optional.of(partitions), replication));
      awaitLeaders(admin, bootstrap, topic, deadline);
    }
  }

  /**
   * The latest offset of each partition of {@code topic} (the offset the next record will get), in
   * partition order: what a reader must reach to have no lag.
   *
   * @throws MedallionException {@code INPUT_UNREADABLE} when the topic does not exist; {@code
   *     KAFKA_UNAVAILABLE} when Kafka does not answer within {@link #TIMEOUT}
   */
  public static Map<TopicPartition, Long> endOffsets(
      String bootstrap, Map<String, Object> clientProperties, String topic) {
    try (BoundedAdmin admin = BoundedAdmin.open(bootstrap, clientProperties, TIMEOUT)) {
      return offsets(admin, topic, OffsetSpec.latest());
    }
  }

  /**
   * The number of records {@code topic} holds now: the sum over its partitions of latest minus
   * earliest offset. Transaction markers and records removed by compaction still count, so this is
   * exact for plain, non-compacted topics and an upper bound otherwise.
   *
   * @throws MedallionException {@code INPUT_UNREADABLE} when the topic does not exist; {@code
   *     KAFKA_UNAVAILABLE} when Kafka does not answer within {@link #TIMEOUT}
   */
  public static long recordCount(
      String bootstrap, Map<String, Object> clientProperties, String topic) {
    try (BoundedAdmin admin = BoundedAdmin.open(bootstrap, clientProperties, TIMEOUT)) {
      Map<TopicPartition, Long> latest = offsets(admin, topic, OffsetSpec.latest());
      Map<TopicPartition, Long> earliest = offsets(admin, topic, OffsetSpec.earliest());
      return latest.entrySet().stream()
          .mapToLong(entry -> entry.getValue() - earliest.getOrDefault(entry.getKey(), 0L))
          .sum();
    }
  }

  private static Map<TopicPartition, Long> offsets(
      BoundedAdmin admin, String topic, OffsetSpec spec) {
    List<TopicPartition> partitions =
        admin.describe(topic).partitions().stream()
            .map(info -> new TopicPartition(topic, info.partition()))
            .sorted(Comparator.comparingInt(TopicPartition::partition))
            .toList();
    Map<TopicPartition, ListOffsetsResultInfo> found = admin.offsets(topic, partitions, spec);
    Map<TopicPartition, Long> offsets = new LinkedHashMap<>();
    partitions.forEach(partition -> offsets.put(partition, found.get(partition).offset()));
    return Collections.unmodifiableMap(offsets);
  }

  private static boolean hasLeader(TopicPartitionInfo partition) {
    return partition.leader() != null && !partition.leader().isEmpty();
  }

  /** Polls until the broker's metadata shows a leader for every partition of a new topic. */
  private static void awaitLeaders(
      BoundedAdmin admin, String bootstrap, String topic, long deadline) {
    while (true) {
      try {
        TopicDescription description = admin.describe(topic);
        if (description.partitions().stream().allMatch(KafkaTopics::hasLeader)) {
          return;
        }
      } catch (MedallionException notYetVisible) {
        // the broker learns of a topic a moment after the controller created it
        if (notYetVisible.code() != ErrorCode.INPUT_UNREADABLE || System.nanoTime() > deadline) {
          throw notYetVisible;
        }
      }
      if (System.nanoTime() > deadline) {
        throw KafkaErrors.unavailable(bootstrap, TIMEOUT, null);
      }
      try {
        Thread.sleep(POLL_INTERVAL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw KafkaErrors.interrupted(bootstrap, e);
      }
    }
  }
}
