package dev.medallion.ops.parquet;

import java.io.IOException;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

/**
 * The values of one column of a file, encoded as they are added, in pages ended after {@link
 * PageLimits#values()} values or {@link PageLimits#bytes()} bytes, as parquet-mr ends its own, and
 * held until their row group is written ({@link EncodedColumnsFile}). One thread at a time.
 */
public abstract sealed class ColumnEncoder permits PlainColumn, DictionaryColumn, LeveledColumn {
  /** When a page ends: at this many values, or once its values reach this many bytes. */
  public record PageLimits(int values, int bytes) {
    /** parquet-mr's defaults: 20,000 values, 1 MiB. */
    public static final PageLimits DEFAULT = new PageLimits(20_000, 1 << 20);

    public PageLimits {
      if (values <= 0 || bytes <= 0) {
        throw new IllegalArgumentException("page limits must be positive: " + values + " values, " + bytes + " bytes");
      }
    }
  }

  final ColumnDescriptor column;
  final PageLimits limits;
  final ColumnChunk chunk;

  ColumnEncoder(ColumnDescriptor column, Encoding valuesEncoding, PageLimits limits, int capacity) {
    this.column = column;
    this.limits = limits;
    this.chunk = new ColumnChunk(column, valuesEncoding, capacity);
  }

  /** The column this encoder writes. */
  public ColumnDescriptor column() {
    return column;
  }

  /** Ends the last page and completes the chunk (its dictionary). */
  abstract void finish() throws IOException;

  /** Starts the next row group, once the chunk is written: its pages and dictionary start empty. */
  abstract void startNextRowGroup();

  /** Bytes held for the row group: its compressed pages and the page being filled. */
  abstract long bufferedBytes();

  /** Bytes of the encoder's buffers, whatever they hold: what keeping the encoder keeps. */
  public abstract long capacityBytes();

  /** The chunk, complete once {@link #finish()} has run. */
  final ColumnChunk chunk() {
    return chunk;
  }

  final boolean optional() {
    return column.getMaxDefinitionLevel() > 0;
  }

  /**
   * A page's statistics for an integer column: its bounds, when it holds a value ({@code min <=
   * max}), and its null count.
   */
  final Statistics<?> integerStatistics(long min, long max, long nulls) {
    Statistics<?> statistics = Statistics.createStats(column.getPrimitiveType());
    if (min <= max) {
      if (column.getPrimitiveType().getPrimitiveTypeName() == PrimitiveTypeName.INT32) {
        statistics.updateStats((int) min);
        statistics.updateStats((int) max);
      } else {
        statistics.updateStats(min);
        statistics.updateStats(max);
      }
    }
    statistics.incrementNumNulls(nulls);
    return statistics;
  }
}
