package dev.medallion.ops.parquet;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

/**
 * A top-level column of plain-encoded values: byte arrays (kept verbatim, without statistics:
 * bounds of payloads would skip nothing) or 64-bit integers (with each page's bounds and null
 * count). Nulls only where the column is optional.
 */
public final class PlainColumn extends ColumnEncoder {
  private final boolean bounded;
  private final PageBytes page;
  private final IntRuns levels = new IntRuns();
  private final PageBytes scratch = new PageBytes(0);
  private int values;
  private int nulls;
  private long min = Long.MAX_VALUE;
  private long max = Long.MIN_VALUE;

  /**
   * @throws IllegalArgumentException when {@code column} is neither a byte array nor a 64-bit
   *     integer, or is repeated
   */
  public PlainColumn(ColumnDescriptor column, PageLimits limits) {
    super(column, Encoding.PLAIN, limits, 64 * 1024);
    PrimitiveTypeName type = column.getPrimitiveType().getPrimitiveTypeName();
    if (type != PrimitiveTypeName.BINARY && type != PrimitiveTypeName.INT64 || column.getMaxRepetitionLevel() > 0) {
      throw new IllegalArgumentException("a plain column writes top-level byte arrays or 64-bit integers, not " + column);
    }
    this.bounded = type == PrimitiveTypeName.INT64;
    this.page = new PageBytes(16 * 1024);
  }

  /** Adds a byte array, {@code value}'s remaining bytes (its position left as it was); null adds a null. */
  public void addBinary(ByteBuffer value) throws IOException {
    if (value == null) {
      addNull();
      return;
    }
    page.writeLengthAndBytes(value);
    present();
  }

  /** Adds a 64-bit integer. */
  public void addLong(long value) throws IOException {
    page.writeLong(value);
    min = Math.min(min, value);
    max = Math.max(max, value);
    present();
  }

  /**
   * Adds a null.
   *
   * @throws IllegalStateException when the column is required
   */
  public void addNull() throws IOException {
    if (!optional()) {
      throw new IllegalStateException("the required column " + column + " cannot hold a null");
    }
    levels.add(0);
    nulls++;
    counted();
  }

  @Override
  void finish() throws IOException {
    if (values > 0) {
      endPage();
    }
  }

  @Override
  void startNextRowGroup() {
    chunk.clear();
  }

  @Override
  long bufferedBytes() {
    return chunk.bufferedBytes() + page.size();
  }

  @Override
  public long capacityBytes() {
    return chunk.capacityBytes() + page.capacity() + scratch.capacity();
  }

  private void present() throws IOException {
    if (optional()) {
      levels.add(1);
    }
    counted();
  }

  private void counted() throws IOException {
    if (++values >= limits.values() || page.size() >= limits.bytes()) {
      endPage();
    }
  }

  private void endPage() throws IOException {
    if (!optional()) {
      chunk.addPage(page.array(), PageBytes.HEADROOM, page.size(), values, statistics());
    } else {
      // Definition levels go first, behind their length: in the headroom when they fit there.
      scratch.clear();
      scratch.writeInt(0);
      levels.writeTo(scratch, 1);
      int levelsSize = scratch.size();
      scratch.setInt(PageBytes.HEADROOM, levelsSize - Integer.BYTES);
      if (levelsSize <= PageBytes.HEADROOM) {
        int start = PageBytes.HEADROOM - levelsSize;
        System.arraycopy(scratch.array(), PageBytes.HEADROOM, page.array(), start, levelsSize);
        chunk.addPage(page.array(), start, page.end() - start, values, statistics());
      } else {
        scratch.write(page.array(), PageBytes.HEADROOM, page.size());
        chunk.addPage(scratch.array(), PageBytes.HEADROOM, scratch.size(), values, statistics());
      }
    }
    page.clear();
    levels.clear();
    values = 0;
    nulls = 0;
    min = Long.MAX_VALUE;
    max = Long.MIN_VALUE;
  }

  private Statistics<?> statistics() {
    return bounded ? integerStatistics(min, max, nulls) : null;
  }
}
