package dev.medallion.ops;

import java.lang.ref.SoftReference;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Blocks of one size, reused from one cached batch to the next. A micro-batch's cache lives for
 * its few passes, seconds: long enough for the young collections to copy it into the old
 * generation (a million rows of silver: hundreds of megabytes), and short enough to fill that generation
 * with dead blocks every few batches, each time a full collection. A block returned when Spark
 * drops a cached batch stays where it is and takes the next batch's rows instead.
 *
 * <p>Spark counts a free block as free memory: it is held softly, so that the collector takes it
 * back before the heap runs out.
 */
final class CacheBlocks {
  /** Every pool, by its number less one: a cached batch names its pool by number (see CachedRows). */
  private static final List<CacheBlocks> POOLS = new CopyOnWriteArrayList<>();

  /**
   * The row cache's blocks: 4 MB (Spark's own cache batches 10,000 rows, about this size here),
   * at most a quarter of the heap kept free; blocks beyond that are left to the collector.
   */
  static final CacheBlocks ROW_CACHE = new CacheBlocks(4 * 1024 * 1024, Runtime.getRuntime().maxMemory() / 4);

  private final int number;
  private final int blockBytes;
  private final long maxKept;
  private final ConcurrentLinkedDeque<SoftReference<byte[]>> free = new ConcurrentLinkedDeque<>();
  private final AtomicLong kept = new AtomicLong();
  private final AtomicLong made = new AtomicLong();

  CacheBlocks(int blockBytes, long maxKeptBytes) {
    this.blockBytes = blockBytes;
    this.maxKept = maxKeptBytes / blockBytes;
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
  byte[] take() {
    SoftReference<byte[]> reference;
    while ((reference = free.pollFirst()) != null) {
      kept.decrementAndGet();
      byte[] block = reference.get();
      if (block != null) {
        return block;
      }
    }
    made.incrementAndGet();
    return new byte[blockBytes];
  }

  /**
   * Takes back a block no row points at any more; one of another size, or past what is kept, is
   * left to the collector.
   */
  void give(byte[] block) {
    if (block.length != blockBytes) {
      return;
    }
    if (kept.incrementAndGet() > maxKept) {
      kept.decrementAndGet();
      return;
    }
    free.addFirst(new SoftReference<>(block));
  }

  /** Blocks made new so far, for want of a free one. */
  long made() {
    return made.get();
  }

  /** Blocks kept free now (some of them the collector may have taken since). */
  long kept() {
    return kept.get();
  }
}
