package dev.medallion.silver;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.unix_micros;

import dev.medallion.ops.DaemonThreads;
import dev.medallion.spec.DedupSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Removes duplicates of a business key: within a micro-batch the first record by bronze position
 * (Kafka partition, then offset) wins; a record whose key already is in the silver table under
 * other bronze coordinates (among rows whose {@code order-by} value lies within the dedup window
 * before the batch's earliest) is removed too. The silver table is the state, bounded by the
 * window, so a duplicate days late is still caught, and a replayed batch does not count its own
 * rows (same bronze coordinates) as duplicates.
 *
 * <p>The silver keys are held in a {@link SeenKeys} index in the driver, loaded from silver at the
 * first batch and extended with each committed batch, so a batch costs in proportion to its own
 * rows, not to the window's. What the index cannot answer (a batch reaching behind its horizon, a
 * window too large for the memory given to it) is decided by a {@link SilverKeyScan}: the same
 * rule, the same rows. One instance per silver table, used by one stream.
 *
 * <p>A committed batch's keys join the index in the background ({@link #committed}), while the
 * flow carries the batch on to gold; the next batch's {@link #removeDuplicates} waits for them.
 * For a batch of a million keys that is ~0.2 s the flow no longer waits for between silver's
 * commit and gold.
 */
public final class Deduplicator {
  /** How many times the dedup window the index keeps behind the newest row. */
  private static final int RETENTION_WINDOWS = 2;

  /** Runs {@link #committed}'s additions; its threads end when idle. */
  private static final ExecutorService INDEXER =
      Executors.newCachedThreadPool(DaemonThreads.named("medallion-dedup-index"));

  private final DedupSpec dedup;
  private final SilverKeyScan scan;
  private final long maxIndexBytes;
  private SeenKeys seen;
  private boolean indexTooLarge;
  /** The last committed batch's keys being added to {@link #seen}; true when it outgrew its bound. */
  private Future<Boolean> indexing = CompletableFuture.completedFuture(false);

  public Deduplicator(DedupSpec dedup) {
    this(dedup, SilverKeyScan.MAX_LOCAL_DECISIONS, Runtime.getRuntime().maxMemory() / 4);
  }

  /**
   * A deduplicator whose scan keeps decisions distributed above {@code maxLocalDecisions} and
   * whose index holds at most {@code maxIndexBytes} (0: no index).
   */
  Deduplicator(DedupSpec dedup, int maxLocalDecisions, long maxIndexBytes) {
    this.dedup = dedup;
    this.scan = new SilverKeyScan(dedup, maxLocalDecisions);
    this.maxIndexBytes = maxIndexBytes;
  }

  /**
   * Rows that survive deduplication and how many were removed; hand it to {@link #committed} once
   * the surviving rows are in silver.
   */
  public record Outcome(Dataset<Row> unique, long duplicates, KeyDecision decision) {}

  /**
   * The records of {@code valid} that are the first of their key in the batch and whose key is
   * not yet in silver under another bronze record.
   *
   * @param earliest the smallest {@code order-by} value of {@code valid}, empty when unknown;
   *     silver rows older than it by more than the dedup window are not looked at
   */
  public Outcome removeDuplicates(
      SparkSession spark, Dataset<Row> valid, String silverLocation, Optional<Instant> earliest) {
    return removeDuplicates(spark, valid, silverLocation, earliest, () -> KeyRows.collect(valid, dedup));
  }

  /**
   * As {@link #removeDuplicates(SparkSession, Dataset, String, Optional)}, with the key rows of
   * {@code valid} given by {@code validKeys} where they were gathered already (asked for only when
   * the key index decides the batch).
   */
  Outcome removeDuplicates(
      SparkSession spark,
      Dataset<Row> valid,
      String silverLocation,
      Optional<Instant> earliest,
      Supplier<KeyRows> validKeys) {
    awaitIndexing();
    if (earliest.isPresent()) {
      prepare(spark, silverLocation);
      long from = micros(earliest.get().minus(dedup.within()));
      if (seen != null && seen.covers(from)) {
        KeyDecision decision = KeyDecision.decide(validKeys.get(), seen, from);
        return new Outcome(decision.unique(valid), decision.duplicates(), decision);
      }
    }
    return scan.removeDuplicates(spark, valid, silverLocation, earliest);
  }

  /** Loads the key index from {@code silverLocation} unless it is loaded or known too large. */
  public void prepare(SparkSession spark, String silverLocation) {
    awaitIndexing();
    if (seen == null && !indexTooLarge && maxIndexBytes > 0) {
      seen = load(spark, silverLocation);
    }
  }

  /**
   * Records that the outcome's unique rows are committed to silver: they join the index in the
   * background, before the next batch is deduplicated.
   */
  public void committed(Outcome outcome) {
    awaitIndexing();
    if (outcome.decision() == null || seen == null) {
      return;
    }
    SeenKeys index = seen;
    indexing =
        INDEXER.submit(
            () -> {
              outcome.decision().keptRowsTo(index);
              return index.bytes() > maxIndexBytes;
            });
  }

  /** Forgets the index (after a failed batch): the next batch loads it from silver again. */
  public void forget() {
    try {
      awaitIndexing();
    } catch (IllegalStateException failed) {
      // the index is dropped either way; the batch's own failure is the one to report
    }
    seen = null;
  }

  /** Keys the index holds, once the last committed batch's are in; -1 when there is none. */
  public int indexedKeys() {
    awaitIndexing();
    return seen == null ? -1 : seen.size();
  }

  /** Waits until the last committed batch's keys are in the index, and bounds its size. */
  private void awaitIndexing() {
    boolean tooLarge;
    try {
      tooLarge = indexing.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      seen = null; // its additions may still run: a new index is loaded from silver
      throw new IllegalStateException("interrupted while the dedup key index took a batch's keys", e);
    } catch (ExecutionException e) {
      seen = null;
      throw new IllegalStateException("the dedup key index could not take a batch's keys", e.getCause());
    } finally {
      indexing = CompletableFuture.completedFuture(false);
    }
    if (tooLarge && seen != null) {
      dropIndex(seen.size());
    }
  }

  private SeenKeys load(SparkSession spark, String silverLocation) {
    long retention = RETENTION_WINDOWS * dedup.within().toNanos() / 1_000;
    Dataset<Row> silver = spark.read().format("delta").load(silverLocation);
    Column order = unix_micros(col(dedup.orderBy()).cast("timestamp"));
    silver = silver.filter(order.isNotNull());
    for (String key : dedup.keys()) {
      silver = silver.filter(col(key).isNotNull());
    }
    Row newest = silver.agg(max(order)).first();
    if (newest.isNullAt(0)) {
      return new SeenKeys(Long.MIN_VALUE, retention);
    }
    long horizon = newest.getLong(0) - retention;
    long rows = silver.filter(order.geq(lit(horizon))).agg(count(lit(1))).first().getLong(0);
    if (rows * SeenKeys.BYTES_PER_KEY > maxIndexBytes) {
      dropIndex(rows);
      return null;
    }
    SeenKeys loaded = new SeenKeys(horizon, retention);
    KeyRows held = KeyRows.collect(silver.filter(order.geq(lit(horizon))), dedup);
    for (int i = 0; i < held.size; i++) {
      loaded.add(held, i);
    }
    return loaded;
  }

  private void dropIndex(long keys) {
    seen = null;
    indexTooLarge = true;
    System.err.printf(
        "medallion: deduplication keeps no key index: %,d keys within %d× the dedup window (%s)"
            + " need more than the %,d MB allowed (a quarter of the heap); each batch reads the"
            + " window's silver keys instead, which is slower. Shorten dedup.within or give the"
            + " JVM more memory (-Xmx; with the launcher, e.g. MEDALLION_HEAP=8g).%n",
        keys, RETENTION_WINDOWS, dedup.within(), maxIndexBytes >> 20);
  }

  private static long micros(Instant instant) {
    return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
  }
}
