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
 */
final class CachedRows implements CachedBatch, Serializable {
  private static final long serialVersionUID = 1L;

  private final byte[] bytes;
  private final int[] sizes;

  private CachedRows(byte[] bytes, int[] sizes) {
    this.bytes = bytes;
    this.sizes = sizes;
  }

  @Override
  public int numRows() {
    return sizes.length;
  }

  @Override
  public long sizeInBytes() {
    return bytes.length + 4L * sizes.length;
  }

  /**
   * The rows, each returned in the same {@link UnsafeRow} pointed at the next one's bytes (copy a
   * row to keep it), as Spark's operators hand rows on.
   */
  Iterator<UnsafeRow> rows(int fields) {
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
   * Collects rows into batches of about {@code targetBytes}, copying each row once: into a block
   * of that size, which becomes a batch as it is when the next row does not fit.
   */
  static final class Builder {
    private final int targetBytes;
    private byte[] bytes;
    private int[] sizes = new int[1024];
    private int used;
    private int count;
    private CachedRows sealed;

    Builder(int targetBytes) {
      this.targetBytes = targetBytes;
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
        bytes = new byte[Math.max(targetBytes, size)];
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
      return take(used < block.length / 2 ? Arrays.copyOf(block, used) : block);
    }

    private CachedRows take(byte[] block) {
      CachedRows batch = new CachedRows(block, Arrays.copyOf(sizes, count));
      bytes = null;
      used = 0;
      count = 0;
      return batch;
    }
  }
}
