package dev.medallion.bronze;

import dev.medallion.ops.DaemonThreads;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.spark.sql.delta.actions.AddFile;

/**
 * One run of an ingester's threads, from a positioned consumer to the last commit: a {@link
 * RecordPoller} (on the table's kept thread, {@link PollerThreads}) reads and cuts the stream into
 * commits, {@link PartitionWriter}s (one per share of the partitions) encode the records into
 * files, and the thread calling {@link #run} commits each sealed commit once every writer has
 * handed in its part, in order. Reading, encoding and
 * committing overlap; a commit holds every writer's files and every partition's next offset, so it
 * is one atomic step of the table whatever the threads.
 */
final class Ingestion {
  private static final int QUEUED_HAND_OVERS = 8;

  /** Commits one sealed commit: its files and each partition's next offset. */
  interface Committer {
    void commit(List<AddFile> files, Map<Integer, Long> previous, Map<Integer, Long> next, IngestedBatch batch);
  }

  /**
   * How the files of the run are written: {@code newFiles} gives each writer its own file maker
   * (encodings keep their compressors from file to file, one thread each).
   */
  record Files(Supplier<Function<LocalDate, BronzeFile>> newFiles, String sourceSystem, long rowsPerFile) {}

  /** When commits are sealed. */
  record Cadence(long maxRecords, Duration trigger) {}

  private final RecordPoller.Reading reading;
  private final Map<Integer, Long> committed;
  private final int writerCount;
  private final Files files;
  private final Cadence cadence;
  private final Clock clock;
  private final String table;
  private final BlockingQueue<IngestionSignal> signals = new LinkedBlockingQueue<>();
  private volatile RecordPoller poller;
  private volatile boolean stopping;

  /**
   * @param committed the next offset of each partition the table has committed
   * @param writerCount writer threads; each owns every {@code writerCount}-th partition
   */
  Ingestion(
      RecordPoller.Reading reading,
      Map<Integer, Long> committed,
      int writerCount,
      Files files,
      Cadence cadence,
      Clock clock,
      String table) {
    this.reading = reading;
    this.committed = new HashMap<>(committed);
    this.writerCount = Math.max(1, Math.min(writerCount, reading.partitions().size()));
    this.files = files;
    this.cadence = cadence;
    this.clock = clock;
    this.table = table;
  }

  /**
   * Runs until the poller ends (caught up, or {@link #stop}) and everything it sealed is committed.
   *
   * @throws RuntimeException the first failure of a thread or of a commit
   */
  void run(Committer committer) {
    List<BlockingQueue<PartitionWriter.Item>> queues = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < writerCount; i++) {
      BlockingQueue<PartitionWriter.Item> queue = new ArrayBlockingQueue<>(QUEUED_HAND_OVERS);
      queues.add(queue);
      threads.add(
          DaemonThreads.of(
              new PartitionWriter(queue, files.newFiles().get(), files.sourceSystem(), files.rowsPerFile(), signals::add),
              "medallion-write-" + table + "-" + i));
    }
    RecordPoller reader =
        new RecordPoller(reading, queues, signals::add, cadence.maxRecords(), cadence.trigger(), clock, clock.instant());
    poller = reader;
    if (stopping) {
      reader.stop();
    }
    threads.forEach(Thread::start);
    Future<?> polling = PollerThreads.start(table, reader);
    boolean completed = false;
    try {
      commitInOrder(committer);
      completed = true;
    } finally {
      if (!completed) {
        reader.abort();
      }
      join(threads, polling);
      poller = null;
      // requests the committer never took
      List<IngestionSignal.SealedOnRequest> untaken = new ArrayList<>();
      for (IngestionSignal signal : signals) {
        if (signal instanceof IngestionSignal.SealedOnRequest request) {
          untaken.add(request);
        }
      }
      release(untaken, Long.MAX_VALUE);
    }
  }

  /** Makes {@link #run} commit what was read so far and return. Any thread. */
  void stop() {
    stopping = true;
    RecordPoller current = poller;
    if (current != null) {
      current.stop();
    }
  }

  /**
   * Seals what the poller has read so far and waits until it is committed, at most {@code
   * timeout}: a reader of the table about to read it then finds every record read before the call.
   * Any thread; returns at once when the run is not polling, or when it ends.
   */
  void commitWhatWasRead(Duration timeout) throws InterruptedException {
    RecordPoller current = poller;
    if (current == null) {
      return;
    }
    CompletableFuture<Void> committed = new CompletableFuture<>();
    current.sealNow(committed);
    try {
      committed.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException | ExecutionException late) {
      // the trigger commits it: the reader reads it in its next batch
    }
  }

  private void commitInOrder(Committer committer) {
    Map<Long, List<IngestionSignal.Part>> parts = new HashMap<>();
    Map<Long, Instant> started = new HashMap<>();
    List<IngestionSignal.SealedOnRequest> waiting = new ArrayList<>();
    long next = 0;
    long last = Long.MAX_VALUE;
    try {
      while (next <= last) {
        IngestionSignal signal = take();
        if (signal instanceof IngestionSignal.Part part) {
          parts.computeIfAbsent(part.sequence(), s -> new ArrayList<>()).add(part);
        } else if (signal instanceof IngestionSignal.Sealed sealed) {
          started.put(sealed.sequence(), sealed.startedAt());
        } else if (signal instanceof IngestionSignal.SealedOnRequest request) {
          waiting.add(request);
        } else if (signal instanceof IngestionSignal.End end) {
          last = end.lastSequence();
        } else if (signal instanceof IngestionSignal.Failed failed) {
          throw failed.error();
        }
        while (next <= last && started.containsKey(next) && parts.getOrDefault(next, List.of()).size() == writerCount) {
          commit(committer, parts.remove(next), started.remove(next));
          next++;
        }
        release(waiting, next - 1);
      }
    } finally {
      // the run ends: nothing more is committed for those still waiting
      release(waiting, Long.MAX_VALUE);
    }
  }

  /** Ends the wait of each request for a commit up to {@code committedThrough}. */
  private static void release(List<IngestionSignal.SealedOnRequest> waiting, long committedThrough) {
    for (Iterator<IngestionSignal.SealedOnRequest> it = waiting.iterator(); it.hasNext(); ) {
      IngestionSignal.SealedOnRequest request = it.next();
      if (request.through() <= committedThrough) {
        request.committed().complete(null);
        it.remove();
      }
    }
  }

  private void commit(Committer committer, List<IngestionSignal.Part> of, Instant startedAt) {
    List<AddFile> added = new ArrayList<>();
    Map<Integer, Long> nextOffsets = new HashMap<>();
    long rows = 0;
    KafkaTimes times = KafkaTimes.NONE;
    for (IngestionSignal.Part part : of) {
      added.addAll(part.files());
      nextOffsets.putAll(part.nextOffsets());
      rows += part.rows();
      times = times.plus(part.times());
    }
    if (rows == 0) {
      return;
    }
    committer.commit(
        added, Map.copyOf(committed), nextOffsets, new IngestedBatch(rows, startedAt, times.earliest(), times.mean()));
    committed.putAll(nextOffsets);
  }

  private IngestionSignal take() {
    try {
      return signals.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while ingesting into " + table, e);
    }
  }

  private static void join(List<Thread> threads, Future<?> polling) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    try {
      for (Thread thread : threads) {
        thread.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
      }
      polling.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException notJoined) {
      // the poller reports its own failures as signals; one still running ends with its consumer
    }
  }
}
