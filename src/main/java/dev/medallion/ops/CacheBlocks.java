package dev.medallion.ops;

import java.lang.ref.SoftReference;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;

/**
 * Blocks of one size, reused from one cached batch to the next. A micro-batch's cache lives for
 * its few passes, seconds: long enough for the young collections to copy it into the old
 * generation (a million rows of silver: hundreds of megabytes), and short enough to fill that
 * generation with dead blocks every few batches, each time a full collection. A block returned
 * when Spark drops a cached batch stays where it is and takes the next batch's rows instead.
 *
 * <p>Free blocks take room from the old generation, so no more are kept than the batches use:
 * those that stayed free through a whole {@link #trimEvery} (the fewest free in it) are left to
 * the collector, as are blocks past a quarter of the heap. Spark counts a free block as free
 * memory: each is held softly, for the collector to take back before the heap runs out.
 */
final class CacheBlocks {
  /** Every pool, by its number less one: a cached batch names its pool by number (see CachedRows). */
  private static final List<CacheBlocks> POOLS = new CopyOnWriteArrayList<>();

  /** The row cache's blocks: 4 MB, Spark's own cache batches 10,000 rows, about this size here. */
  static final CacheBlocks ROW_CACHE =
      new CacheBlocks(4 * 1024 * 1024, Runtime.getRuntime().maxMemory() / 4, Duration.ofSeconds(10), System::nanoTime);

  private final int number;
  private final int blockBytes;
  private final long maxKept;
  private final long trimEvery;
  private final LongSupplier nanoClock;
  /** Most recently given first: the blocks at the end are the ones left free longest. */
  private final ArrayDeque<SoftReference<byte[]>> free = new ArrayDeque<>();
  private long made;
  private int fewestFree;
  private long trimmedAt;

  CacheBlocks(int blockBytes, long maxKeptBytes, Duration trimEvery, LongSupplier nanoClock) {
    this.blockBytes = blockBytes;
    this.maxKept = maxKeptBytes / blockBytes;
    this.trimEvery = trimEvery.toNanos();
    this.nanoClock = nanoClock;
    this.trimmedAt = nanoClock.getAsLong();
    synchronized (POOLS) {
      POOLS.add(this);
      this.number = POOLS.size();
    }
  }

  /** This pool's number, from 1. */
  int number() {
    return number;
  }

  /** The pool of that number; none for 0. */
  static CacheBlocks numbered(int number) {
    return number == 0 ? null : POOLS.get(number - 1);
  }

  int blockBytes() {
    return blockBytes;
  }

  /** A block of {@link #blockBytes}, used before or new; its bytes are whatever it held. */
  synchronized byte[] take() {
    trimIfDue();
    byte[] block = null;
    while (block == null && !free.isEmpty()) {
      block = free.pollFirst().get();
    }
    fewestFree = Math.min(fewestFree, free.size());
    if (block != null) {
      return block;
    }
    made++;
    return new byte[blockBytes];
  }

  /**
   * Takes back a block no row points at any more; one of another size, or past what is kept, is
   * left to the collector.
   */
  synchronized void give(byte[] block) {
    trimIfDue();
    if (block.length == blockBytes && free.size() < maxKept) {
      free.addFirst(new SoftReference<>(block));
    }
  }

  /** Blocks made new so far, for want of a free one. */
  synchronized long made() {
    return made;
  }

  /** Blocks kept free now (some of them the collector may have taken since). */
  synchronized long kept() {
    return free.size();
  }

  private void trimIfDue() {
    long now = nanoClock.getAsLong();
    if (now - trimmedAt < trimEvery) {
      return;
    }
    for (int i = 0; i < fewestFree; i++) {
      free.pollLast();
    }
    fewestFree = free.size();
    trimmedAt = now;
  }
}
