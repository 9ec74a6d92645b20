package dev.medallion.bronze;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

/**
 * Reads a topic's records on a thread of its own and hands them over through a bounded queue, so
 * that fetching and decompressing the next records overlaps with writing the last ones (on two
 * cores, about twice the rate of one thread doing both). The queue's bound holds the poller back
 * when the writer falls behind. The consumer arrives assigned and positioned.
 */
final class RecordPoller implements Runnable {
  private static final Duration POLL = Duration.ofMillis(200);

  /** What the poller hands over. */
  sealed interface Item permits Records, CaughtUp, Failed {}

  /** Records of one poll. */
  record Records(ConsumerRecords<byte[], byte[]> records) implements Item {}

  /** Every record up to the end offsets the poller was given has been handed over. */
  record CaughtUp() implements Item {}

  /** The consumer failed; no item follows. */
  record Failed(RuntimeException error) implements Item {}

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final List<TopicPartition> partitions;
  private final Map<TopicPartition, Long> until;
  private final BlockingQueue<Item> queue;
  private volatile boolean stopping;

  /**
   * @param until the end offsets to stop at, or an empty map to poll until stopped
   */
  RecordPoller(
      KafkaConsumer<byte[], byte[]> consumer,
      List<TopicPartition> partitions,
      Map<TopicPartition, Long> until,
      BlockingQueue<Item> queue) {
    this.consumer = consumer;
    this.partitions = List.copyOf(partitions);
    this.until = Map.copyOf(until);
    this.queue = queue;
  }

  @Override
  public void run() {
    try {
      while (!stopping) {
        if (!until.isEmpty() && caughtUp()) {
          queue.put(new CaughtUp());
          return;
        }
        ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
        if (!records.isEmpty()) {
          queue.put(new Records(records));
        }
      }
    } catch (WakeupException | InterruptedException stopped) {
      // close() asked the poller to stop
    } catch (OffsetOutOfRangeException gone) {
      handOver(new Failed(new RecordsGone(gone)));
    } catch (RuntimeException e) {
      handOver(new Failed(e));
    } finally {
      consumer.close(Duration.ofSeconds(5));
    }
  }

  /** Makes {@link #run} return soon, closing the consumer. Safe from any thread. */
  void stop() {
    stopping = true;
    consumer.wakeup();
  }

  private boolean caughtUp() {
    for (TopicPartition partition : partitions) {
      Long end = until.get(partition);
      if (end != null && consumer.position(partition) < end) {
        return false;
      }
    }
    return true;
  }

  private void handOver(Item item) {
    try {
      queue.put(item);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Kafka no longer holds the offsets the table needs next. */
  static final class RecordsGone extends RuntimeException {
    RecordsGone(OffsetOutOfRangeException cause) {
      super(cause.getMessage(), cause);
    }

    /** The partitions whose offsets are gone. */
    Object partitions() {
      return ((OffsetOutOfRangeException) getCause()).offsetOutOfRangePartitions().keySet();
    }
  }
}
