package dev.medallion.bronze;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * One of the ingestion's writer threads: writes the records of its share of the partitions into
 * files of its own as they come, and when the poller seals a commit, closes those files and hands
 * them to the committer as its part of that commit. Writers never wait for a commit: the next
 * records go to new files while the committer commits the last ones.
 */
final class PartitionWriter implements Runnable {
  /** What the poller hands a writer, in order. */
  sealed interface Item permits Records, Seal, Stop {}

  /** Records of the writer's partitions, in runs of one partition each, read at {@code ingestedAt}. */
  record Records(List<List<ConsumerRecord<ByteBuffer, ByteBuffer>>> runs, Instant ingestedAt) implements Item {}

  /** Every record before this one belongs to commit {@code sequence} or an earlier one. */
  record Seal(long sequence) implements Item {}

  /** No more items: files not sealed are discarded. */
  record Stop() implements Item {}

  private final BlockingQueue<Item> items;
  private final Function<LocalDate, BronzeFile> newFile;
  private final String sourceSystem;
  private final long rowsPerFile;
  private final Consumer<IngestionSignal> committer;

  /**
   * @param newFile creates a file of the table in the partition of a date
   * @param committer takes this writer's parts and its failure
   */
  PartitionWriter(
      BlockingQueue<Item> items,
      Function<LocalDate, BronzeFile> newFile,
      String sourceSystem,
      long rowsPerFile,
      Consumer<IngestionSignal> committer) {
    this.items = items;
    this.newFile = newFile;
    this.sourceSystem = sourceSystem;
    this.rowsPerFile = rowsPerFile;
    this.committer = committer;
  }

  @Override
  public void run() {
    PendingCommit pending = null;
    try {
      while (true) {
        Item item = items.take();
        if (item instanceof Records records) {
          if (pending == null) {
            pending = new PendingCommit(newFile, sourceSystem, rowsPerFile);
          }
          for (List<ConsumerRecord<ByteBuffer, ByteBuffer>> run : records.runs()) {
            pending.add(run, records.ingestedAt());
          }
        } else if (item instanceof Seal seal) {
          if (pending == null) {
            committer.accept(new IngestionSignal.Part(seal.sequence(), List.of(), Map.of(), 0, KafkaTimes.NONE));
          } else {
            committer.accept(
                new IngestionSignal.Part(
                    seal.sequence(), pending.finish(), pending.nextOffsets(), pending.rows(), pending.times()));
            pending = null;
          }
        } else {
          return;
        }
      }
    } catch (InterruptedException stopped) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      committer.accept(new IngestionSignal.Failed(e));
    } finally {
      if (pending != null) {
        pending.abandon();
      }
    }
  }
}
