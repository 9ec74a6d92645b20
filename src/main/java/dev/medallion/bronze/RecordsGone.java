package dev.medallion.bronze;

import java.util.Set;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.common.TopicPartition;

/** Kafka no longer holds the offsets the table needs next (the poller's reading stopped on it). */
final class RecordsGone extends RuntimeException {
  RecordsGone(OffsetOutOfRangeException cause) {
    super(cause.getMessage(), cause);
  }

  /** The partitions whose offsets are gone. */
  Set<TopicPartition> partitions() {
    return ((OffsetOutOfRangeException) getCause()).offsetOutOfRangePartitions().keySet();
  }
}
