package dev.medallion.bronze;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

/**
 * The ingestion's reading thread: polls the topic, hands each partition's records to the writer
 * that owns the partition, and cuts the stream into commits. A commit is sealed (a {@link
 * PartitionWriter.Seal} to every writer at the same point of the stream) when it holds {@code
 * maxRecords} records, which it never exceeds, or {@code trigger} after its first record. Fetching
 * the next records overlaps with the writers encoding the last ones; bounded queues hold the
 * poller back when the writers fall behind. A reader of the table about to read it can also have
 * the commit sealed at once ({@link #sealNow}).
 */
final class RecordPoller implements Runnable {
  private static final Duration POLL = Duration.ofMillis(200);
  private static final long HAND_OVER_WAIT_MILLIS = 100;

  /** What the poller reads and where it stops. */
  record Reading(
      KafkaConsumer<ByteBuffer, ByteBuffer> consumer, List<TopicPartition> partitions, Map<TopicPartition, Long> until) {}

  private final Reading reading;
  private final List<BlockingQueue<PartitionWriter.Item>> writers;
  private final Map<Integer, Integer> writerOfPartition = new HashMap<>();
  private final Consumer<IngestionSignal> committer;
  private final long maxRecords;
  private final Duration trigger;
  private final Clock clock;
  private final Queue<CompletableFuture<Void>> sealRequests = new ConcurrentLinkedQueue<>();
  private volatile boolean stopping;
  private volatile boolean aborted;

  private long sequence;
  private long inCommit;
  private long dueNanos;
  private Instant commitStartedAt;
  private Instant lastSealAt;
  private boolean firstCommit = true;

  /**
   * @param reading the consumer, assigned and positioned; {@code until} empty: poll until stopped
   * @param committer takes the seals, the end, or the failure
   * @param since when ingestion began (the first commit of a run that catches up counts from it)
   */
  RecordPoller(
      Reading reading,
      List<BlockingQueue<PartitionWriter.Item>> writers,
      Consumer<IngestionSignal> committer,
      long maxRecords,
      Duration trigger,
      Clock clock,
      Instant since) {
    this.reading = reading;
    this.writers = List.copyOf(writers);
    this.committer = committer;
    this.maxRecords = maxRecords;
    this.trigger = trigger;
    this.clock = clock;
    this.lastSealAt = since;
    for (int i = 0; i < reading.partitions().size(); i++) {
      writerOfPartition.put(reading.partitions().get(i).partition(), i % writers.size());
    }
  }

  @Override
  public void run() {
    KafkaConsumer<ByteBuffer, ByteBuffer> consumer = reading.consumer();
    try {
      while (!stopping) {
        if (!reading.until().isEmpty() && caughtUp()) {
          break;
        }
        ConsumerRecords<ByteBuffer, ByteBuffer> records = pollUnlessWoken(consumer);
        if (!records.isEmpty()) {
          route(records);
        }
        if (inCommit > 0 && (trigger.isZero() || System.nanoTime() >= dueNanos)) {
          seal();
        }
        answerSealRequests();
      }
      finish();
    } catch (WakeupException stopped) {
      finishQuietly();
    } catch (InterruptedException | Aborted stopped) {
      committer.accept(new IngestionSignal.End(sequence - 1));
    } catch (OffsetOutOfRangeException gone) {
      committer.accept(new IngestionSignal.Failed(new RecordsGone(gone)));
    } catch (RuntimeException e) {
      committer.accept(new IngestionSignal.Failed(e));
    } finally {
      for (BlockingQueue<PartitionWriter.Item> writer : writers) {
        stopWriter(writer);
      }
      consumer.close(Duration.ofSeconds(5));
      // nothing more is sealed: whoever still waits for a commit stops waiting
      sealRequests.forEach(request -> request.complete(null));
    }
  }

  /**
   * Seals the commit at once with what was read so far (if anything); {@code committed} completes
   * once it is committed, with every commit before it, or when the run ends. Any thread.
   */
  void sealNow(CompletableFuture<Void> committed) {
    sealRequests.add(committed);
    reading.consumer().wakeup();
  }

  /** Makes {@link #run} seal what it read and return soon, closing the consumer. Any thread. */
  void stop() {
    stopping = true;
    reading.consumer().wakeup();
  }

  /** Makes {@link #run} return at once, sealing nothing more (a writer or the committer failed). */
  void abort() {
    aborted = true;
    stop();
  }

  /** A poll, or no records when {@link #sealNow} woke it; a wake-up to stop is thrown. */
  private ConsumerRecords<ByteBuffer, ByteBuffer> pollUnlessWoken(KafkaConsumer<ByteBuffer, ByteBuffer> consumer) {
    try {
      return consumer.poll(pollTimeout());
    } catch (WakeupException woken) {
      if (stopping) {
        throw woken;
      }
      return ConsumerRecords.empty();
    }
  }

  /** Seals what was read for those waiting, and tells the committer which commit they wait for. */
  private void answerSealRequests() throws InterruptedException {
    if (sealRequests.isEmpty()) {
      return;
    }
    if (inCommit > 0) {
      seal();
    }
    CompletableFuture<Void> request;
    while ((request = sealRequests.poll()) != null) {
      committer.accept(new IngestionSignal.SealedOnRequest(sequence - 1, request));
    }
  }

  private Duration pollTimeout() {
    if (inCommit == 0) {
      return POLL;
    }
    long untilDue = Math.max(0, dueNanos - System.nanoTime());
    return Duration.ofNanos(Math.min(untilDue, POLL.toNanos()));
  }

  /**
   * Hands each writer its partitions' runs of records, sealing whenever a commit is full. The runs
   * are the poll's own lists, cut where a commit ends: the records themselves are not touched here,
   * only by the writer that encodes them.
   */
  private void route(ConsumerRecords<ByteBuffer, ByteBuffer> records) throws InterruptedException {
    Instant now = clock.instant();
    List<List<List<ConsumerRecord<ByteBuffer, ByteBuffer>>>> shares = newShares();
    for (TopicPartition partition : records.partitions()) {
      List<ConsumerRecord<ByteBuffer, ByteBuffer>> run = records.records(partition);
      int writer = writerOfPartition.get(partition.partition());
      List<List<ConsumerRecord<ByteBuffer, ByteBuffer>>> share = shares.get(writer);
      int from = 0;
      while (from < run.size()) {
        if (inCommit == 0) {
          commitStartedAt = firstCommit && !reading.until().isEmpty() ? lastSealAt : later(lastSealAt, now);
          dueNanos = System.nanoTime() + trigger.toNanos();
        }
        int to = (int) Math.min(run.size(), from + (maxRecords - inCommit));
        share.add(run.subList(from, to));
        inCommit += to - from;
        from = to;
        if (inCommit >= maxRecords) {
          handOver(shares, now);
          shares = newShares();
          share = shares.get(writer);
          seal();
        }
      }
    }
    handOver(shares, now);
  }

  private List<List<List<ConsumerRecord<ByteBuffer, ByteBuffer>>>> newShares() {
    List<List<List<ConsumerRecord<ByteBuffer, ByteBuffer>>>> shares = new ArrayList<>(writers.size());
    for (int i = 0; i < writers.size(); i++) {
      shares.add(new ArrayList<>());
    }
    return shares;
  }

  private void handOver(List<List<List<ConsumerRecord<ByteBuffer, ByteBuffer>>>> shares, Instant ingestedAt)
      throws InterruptedException {
    for (int i = 0; i < writers.size(); i++) {
      if (!shares.get(i).isEmpty()) {
        handOver(writers.get(i), new PartitionWriter.Records(shares.get(i), ingestedAt));
      }
    }
  }

  private void seal() throws InterruptedException {
    for (BlockingQueue<PartitionWriter.Item> writer : writers) {
      handOver(writer, new PartitionWriter.Seal(sequence));
    }
    committer.accept(new IngestionSignal.Sealed(sequence, commitStartedAt));
    sequence++;
    inCommit = 0;
    lastSealAt = clock.instant();
    firstCommit = false;
  }

  /** Seals what was read (a graceful stop commits it) and tells the committer no more follows. */
  private void finish() throws InterruptedException {
    if (inCommit > 0) {
      seal();
    }
    answerSealRequests();
    committer.accept(new IngestionSignal.End(sequence - 1));
  }

  private void finishQuietly() {
    try {
      finish();
    } catch (InterruptedException | Aborted e) {
      committer.accept(new IngestionSignal.End(sequence - 1));
    }
  }

  /** Puts {@code item} in a writer's queue, waiting while it is full unless the ingestion aborts. */
  private void handOver(BlockingQueue<PartitionWriter.Item> writer, PartitionWriter.Item item)
      throws InterruptedException {
    while (!writer.offer(item, HAND_OVER_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
      if (aborted) {
        throw new Aborted();
      }
    }
  }

  /** Tells a writer no more follows, after what it was given, or at once when aborting. */
  private void stopWriter(BlockingQueue<PartitionWriter.Item> writer) {
    try {
      handOver(writer, new PartitionWriter.Stop());
    } catch (InterruptedException | Aborted e) {
      writer.clear();
      writer.offer(new PartitionWriter.Stop());
    }
  }

  /** The ingestion aborted while the poller waited for a writer. */
  private static final class Aborted extends RuntimeException {
    Aborted() {
      super(null, null, false, false);
    }
  }

  private boolean caughtUp() {
    for (TopicPartition partition : reading.partitions()) {
      Long end = reading.until().get(partition);
      if (end != null && reading.consumer().position(partition) < end) {
        return false;
      }
    }
    return true;
  }

  private static Instant later(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }
}
