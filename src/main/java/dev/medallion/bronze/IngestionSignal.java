package dev.medallion.bronze;

import java.util.List;
import java.util.Map;
import org.apache.spark.sql.delta.actions.AddFile;

/**
 * What the ingestion's threads tell its committer: a writer's part of a commit, a reader waiting
 * for one, or how the records ended (caught up, stopped, failed).
 */
sealed interface IngestionSignal {
  /**
   * One writer's files of commit {@code sequence}, the next offset of each partition they hold,
   * and their rows' count and Kafka timestamps (a writer whose partitions had no records in the
   * commit sends an empty part).
   */
  record Part(long sequence, List<AddFile> files, Map<Integer, Long> nextOffsets, long rows, KafkaTimes times)
      implements IngestionSignal {
    public Part {
      files = List.copyOf(files);
      nextOffsets = Map.copyOf(nextOffsets);
    }
  }

  /**
   * Commit {@code sequence} was sealed, its records read from {@code startedAt} on; every writer
   * sends its part of it.
   */
  record Sealed(long sequence, java.time.Instant startedAt) implements IngestionSignal {}

  /**
   * The poller sealed what it had read because a reader asked ({@link RecordPoller#sealNow}):
   * {@code committed} completes once commit {@code through} (-1: none) and those before it are.
   */
  record SealedOnRequest(long through, java.util.concurrent.CompletableFuture<Void> committed)
      implements IngestionSignal {}

  /** No commit follows {@code lastSequence}: the records are caught up with, or the run stops. */
  record End(long lastSequence) implements IngestionSignal {}

  /** A thread failed; nothing more is committed. */
  record Failed(RuntimeException error) implements IngestionSignal {}
}
