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

  /** Collects rows into batches of about {@code targetBytes}. */
  static final class Builder {
    private final int targetBytes;
    private byte[] bytes;
    private int[] sizes = new int[1024];
    private int used;
    private int count;

    Builder(int targetBytes) {
      this.targetBytes = targetBytes;
      this.bytes = new byte[Math.min(targetBytes, 64 * 1024)];
    }

    void add(UnsafeRow row) {
      int size = row.getSizeInBytes();
      if (used + size > bytes.length) {
        bytes = Arrays.copyOf(bytes, Math.max(used + size, bytes.length * 2));
      }
      if (count == sizes.length) {
        sizes = Arrays.copyOf(sizes, count * 2);
      }
      Platform.copyMemory(
          row.getBaseObject(), row.getBaseOffset(), bytes, Platform.BYTE_ARRAY_OFFSET + used, size);
      used += size;
      sizes[count++] = size;
    }

    boolean full() {
      return used >= targetBytes;
    }

    boolean isEmpty() {
      return count == 0;
    }

    /** The rows added since the last batch, as a batch of their own. */
    CachedRows batch() {
      CachedRows batch = new CachedRows(Arrays.copyOf(bytes, used), Arrays.copyOf(sizes, count));
      used = 0;
      count = 0;
      return batch;
    }
  }
}
