package dev.medallion.ops.parquet;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

/**
 * A required top-level column of values that repeat (a topic, a partition, a source system, an
 * ingestion time), dictionary-encoded: each distinct value once in the row group's dictionary,
 * each row an index into it, in runs. Text values are written as UTF-8; integer pages keep their bounds.
 * The dictionary is not bounded: it suits columns whose distinct values are few for the rows of a
 * file.
 */
public final class DictionaryColumn extends ColumnEncoder {
  private final PrimitiveTypeName type;
  private final PageBytes entries = new PageBytes(1024);
  private final Map<Long, Integer> numbers = new HashMap<>();
  private final Map<String, Integer> texts = new HashMap<>();
  private final IntRuns indexes = new IntRuns();
  private final PageBytes page = new PageBytes(1024);
  private boolean hasLast;
  private long lastNumber;
  private String lastText;
  private int lastIndex;
  private long min = Long.MAX_VALUE;
  private long max = Long.MIN_VALUE;

  /**
   * @throws IllegalArgumentException when {@code column} is not a required top-level 32-bit or
   *     64-bit integer or byte array
   */
  public DictionaryColumn(ColumnDescriptor column, PageLimits limits) {
    super(column, Encoding.PLAIN_DICTIONARY, limits, 1024);
    this.type = column.getPrimitiveType().getPrimitiveTypeName();
    if (column.getMaxDefinitionLevel() > 0
        || column.getMaxRepetitionLevel() > 0
        || type != PrimitiveTypeName.INT32 && type != PrimitiveTypeName.INT64 && type != PrimitiveTypeName.BINARY) {
      throw new IllegalArgumentException(
          "a dictionary column writes required top-level integers or byte arrays, not " + column);
    }
  }

  /** Adds a 32-bit integer (the column must be one). */
  public void addInt(int value) throws IOException {
    requireType(PrimitiveTypeName.INT32);
    addNumber(value);
  }

  /** Adds a 64-bit integer (the column must be one). */
  public void addLong(long value) throws IOException {
    requireType(PrimitiveTypeName.INT64);
    addNumber(value);
  }

  /** Adds a text, written as UTF-8 (the column must be a byte array). */
  public void addText(String value) throws IOException {
    requireType(PrimitiveTypeName.BINARY);
    if (!hasLast || !value.equals(lastText)) {
      Integer index = texts.get(value);
      if (index == null) {
        index = texts.size();
        texts.put(value, index);
        entries.writeLengthAndBytes(value.getBytes(StandardCharsets.UTF_8));
      }
      hasLast = true;
      lastText = value;
      lastIndex = index;
    }
    added();
  }

  @Override
  void finish() throws IOException {
    if (indexes.count() > 0) {
      endPage();
    }
    int entryCount = numbers.size() + texts.size(); // one of the two is empty
    if (entryCount > 0) {
      chunk.setDictionary(entries.array(), PageBytes.HEADROOM, entries.size(), entryCount);
    }
  }

  @Override
  void startNextRowGroup() {
    chunk.clear();
    entries.clear();
    numbers.clear();
    texts.clear();
    hasLast = false;
    lastText = null;
  }

  @Override
  long bufferedBytes() {
    return chunk.bufferedBytes() + entries.size() + indexes.count();
  }

  @Override
  public long capacityBytes() {
    return chunk.capacityBytes() + entries.capacity() + page.capacity();
  }

  private void addNumber(long value) throws IOException {
    if (!hasLast || value != lastNumber) {
      Integer index = numbers.get(value);
      if (index == null) {
        index = numbers.size();
        numbers.put(value, index);
        if (type == PrimitiveTypeName.INT32) {
          entries.writeInt((int) value);
        } else {
          entries.writeLong(value);
        }
      }
      hasLast = true;
      lastNumber = value;
      lastIndex = index;
    }
    min = Math.min(min, value);
    max = Math.max(max, value);
    added();
  }

  private void added() throws IOException {
    indexes.add(lastIndex);
    if (indexes.count() >= limits.values()) {
      endPage();
    }
  }

  private void endPage() throws IOException {
    int bitWidth = IntRuns.bitWidth(indexes.max());
    page.clear();
    page.writeByte(bitWidth);
    indexes.writeTo(page, bitWidth);
    chunk.addPage(page.array(), PageBytes.HEADROOM, page.size(), indexes.count(), statistics());
    indexes.clear();
    min = Long.MAX_VALUE;
    max = Long.MIN_VALUE;
  }

  private Statistics<?> statistics() {
    return type == PrimitiveTypeName.BINARY ? null : integerStatistics(min, max, 0);
  }

  private void requireType(PrimitiveTypeName expected) {
    if (type != expected) {
      throw new IllegalArgumentException("the column " + column + " holds " + type + ", not " + expected);
    }
  }
}
