package dev.medallion.ops;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.spark.sql.catalyst.expressions.UnsafeRow;
import org.apache.spark.sql.columnar.CachedBatch;
import org.apache.spark.unsafe.Platform;

/**
 * A batch of cached rows kept in Spark's own binary row format, one after another in one array:
 * caching a row is one copy of its bytes, and reading it back points a row at them.
 *
 * <p>Spark closes a cached value when it drops it from memory (unpersisted or evicted), which it
 * does only when no task holds the block for reading; the array then goes back to {@link
 * CacheBlocks}. A batch closed is not read again: reading it fails rather than giving rows of
 * another batch.
 */
final class CachedRows implements CachedBatch, AutoCloseable, Serializable {
  private static final long serialVersionUID = 1L;

  private byte[] bytes;
  private final int[] sizes;
  /**
   * The number of the pool the array goes back to when the batch is closed; 0 for none (a batch
   * read back from disk). A number, not the pool: Spark estimates a cached value's size by walking
   * all it references, and would count the pool's free blocks in every batch.
   */
  private final transient int pool;

  /** The batch's size as Spark's statistics take it, kept after the array goes back. */
  private final long sizeInBytes;

  private CachedRows(byte[] bytes, int[] sizes, int pool) {
    this.bytes = bytes;
    this.sizes = sizes;
    this.pool = pool;
    this.sizeInBytes = bytes.length + 4L * sizes.length;
  }

  @Override
  public int numRows() {
    return sizes.length;
  }

  @Override
  public long sizeInBytes() {
    return sizeInBytes;
  }

  @Override
  public synchronized void close() {
    CacheBlocks blocks = CacheBlocks.numbered(pool);
    if (bytes != null && blocks != null) {
      blocks.give(bytes);
    }
    bytes = null;
  }

  private synchronized byte[] held() {
    if (bytes == null) {
      throw new IllegalStateException("a cached batch read after Spark dropped it");
    }
    return bytes;
  }

  /**
   * The rows, each returned in the same {@link UnsafeRow} pointed at the next one's bytes (copy a
   * row to keep it), as Spark's operators hand rows on.
   */
  Iterator<UnsafeRow> rows(int fields) {
    byte[] bytes = held();
    UnsafeRow row = new UnsafeRow(fields);
    return new Iterator<>() {
      private int next;
      private long offset = Platform.BYTE_ARRAY_OFFSET;

      @Override
      public boolean hasNext() {
        return next < sizes.length;
      }

      @Override
      public UnsafeRow next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        int size = sizes[next++];
        row.pointTo(bytes, offset, size);
        offset += size;
        return row;
      }
    };
  }

  /**
   * Collects rows into batches of a {@link CacheBlocks} block each, copying each row once: into
   * the block, which becomes a batch as it is when the next row does not fit.
   */
  static final class Builder {
    private final CacheBlocks blocks;
    private byte[] bytes;
    private int[] sizes = new int[1024];
    private int used;
    private int count;
    private CachedRows sealed;

    Builder(CacheBlocks blocks) {
      this.blocks = blocks;
    }

    void add(UnsafeRow row) {
      int size = row.getSizeInBytes();
      if (bytes != null && used + size > bytes.length) {
        if (sealed != null) {
          throw new IllegalStateException("a full block waits: take it with batch() first");
        }
        sealed = take(bytes);
      }
      if (bytes == null) {
        bytes = size <= blocks.blockBytes() ? blocks.take() : new byte[size];
      }
      if (count == sizes.length) {
        sizes = Arrays.copyOf(sizes, count * 2);
      }
      Platform.copyMemory(
          row.getBaseObject(), row.getBaseOffset(), bytes, Platform.BYTE_ARRAY_OFFSET + used, size);
      used += size;
      sizes[count++] = size;
    }

    /** Whether a block is full and waits to be taken by {@link #batch}. */
    boolean full() {
      return sealed != null;
    }

    boolean isEmpty() {
      return sealed == null && count == 0;
    }

    /**
     * The full block if there is one, else the rows added since the last batch (the end of the
     * input: copied to their size when they fill less than half their block).
     */
    CachedRows batch() {
      if (sealed != null) {
        CachedRows batch = sealed;
        sealed = null;
        return batch;
      }
      byte[] block = bytes == null ? new byte[0] : bytes;
      if (used >= block.length / 2) {
        return take(block);
      }
      CachedRows batch = take(Arrays.copyOf(block, used));
      blocks.give(block);
      return batch;
    }

    private CachedRows take(byte[] block) {
      CachedRows batch = new CachedRows(block, Arrays.copyOf(sizes, count), blocks.number());
      bytes = null;
      used = 0;
      count = 0;
      return batch;
    }
  }
}
