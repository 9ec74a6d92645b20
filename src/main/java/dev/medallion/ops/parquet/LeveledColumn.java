package dev.medallion.ops.parquet;

import java.io.IOException;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

/**
 * A column of plain-encoded values at any depth: top-level or inside a map or list, optional or
 * required. Each entry is added with its repetition level (0 starts a row, more continues the row's
 * map or list) and, where it holds no value, the definition level it stops at. Pages end between
 * rows only, once {@link PageLimits#values()} entries or {@link PageLimits#bytes()} bytes of values
 * are reached. Pages keep no statistics: Delta's statistics are kept apart, per file.
 */
public final class LeveledColumn extends ColumnEncoder {
  private final PrimitiveTypeName type;
  private final int maxRepetition;
  private final int maxDefinition;
  private final PageBytes values = new PageBytes(16 * 1024);
  private final PageBytes page = new PageBytes(16 * 1024);
  private final IntRuns repetitions = new IntRuns();
  private final IntRuns definitions = new IntRuns();
  private int entries;
  private int rows;

  /** @throws IllegalArgumentException when {@code column} holds booleans or fixed-length bytes */
  public LeveledColumn(ColumnDescriptor column, PageLimits limits) {
    super(column, Encoding.PLAIN, limits, 64 * 1024);
    this.type = column.getPrimitiveType().getPrimitiveTypeName();
    if (type != PrimitiveTypeName.BINARY
        && type != PrimitiveTypeName.INT32
        && type != PrimitiveTypeName.INT64
        && type != PrimitiveTypeName.DOUBLE) {
      throw new IllegalArgumentException("a leveled column writes byte arrays, integers or doubles, not " + column);
    }
    this.maxRepetition = column.getMaxRepetitionLevel();
    this.maxDefinition = column.getMaxDefinitionLevel();
  }

  /**
   * Adds an entry without a value: a null, or an empty or null map or list above it.
   *
   * @param definition how many of the column's optional or repeated levels are present, below
   *     the column's maximum
   * @throws IllegalArgumentException when {@code definition} is not below the maximum
   */
  public void addMissing(int repetition, int definition) throws IOException {
    if (definition < 0 || definition >= maxDefinition) {
      throw new IllegalArgumentException(
          "the column " + column + " cannot hold a missing value at definition level " + definition);
    }
    entry(repetition, definition);
  }

  /** Adds {@code length} bytes at {@code offset} of {@code base}, Spark's address of a value. */
  public void addBytes(int repetition, Object base, long offset, int length) throws IOException {
    requireType(PrimitiveTypeName.BINARY);
    entry(repetition, maxDefinition);
    values.writeLengthAndMemory(base, offset, length);
  }

  public void addInt(int repetition, int value) throws IOException {
    requireType(PrimitiveTypeName.INT32);
    entry(repetition, maxDefinition);
    values.writeInt(value);
  }

  public void addLong(int repetition, long value) throws IOException {
    requireType(PrimitiveTypeName.INT64);
    entry(repetition, maxDefinition);
    values.writeLong(value);
  }

  public void addDouble(int repetition, double value) throws IOException {
    requireType(PrimitiveTypeName.DOUBLE);
    entry(repetition, maxDefinition);
    values.writeDouble(value);
  }

  @Override
  void finish() throws IOException {
    if (entries > 0) {
      endPage();
    }
  }

  @Override
  void startNextRowGroup() {
    chunk.clear();
  }

  @Override
  long bufferedBytes() {
    return chunk.bufferedBytes() + values.size();
  }

  @Override
  public long capacityBytes() {
    return chunk.capacityBytes() + values.capacity() + page.capacity();
  }

  private void entry(int repetition, int definition) throws IOException {
    if (repetition < 0 || repetition > maxRepetition) {
      throw new IllegalArgumentException("the column " + column + " has no repetition level " + repetition);
    }
    if (repetition == 0) {
      if (entries >= limits.values() || values.size() >= limits.bytes()) {
        endPage();
      }
      rows++;
    } else if (entries == 0) {
      throw new IllegalArgumentException("the first entry of a page must start a row: " + column);
    }
    if (maxRepetition > 0) {
      repetitions.add(repetition);
    }
    if (maxDefinition > 0) {
      definitions.add(definition);
    }
    entries++;
  }

  /** Repetition levels, definition levels (each behind its length), then the values. */
  private void endPage() throws IOException {
    page.clear();
    writeLevels(repetitions, maxRepetition);
    writeLevels(definitions, maxDefinition);
    page.write(values.array(), PageBytes.HEADROOM, values.size());
    chunk.addPage(page.array(), PageBytes.HEADROOM, page.size(), entries, rows, null);
    values.clear();
    repetitions.clear();
    definitions.clear();
    entries = 0;
    rows = 0;
  }

  private void writeLevels(IntRuns levels, int max) {
    if (max == 0) {
      return;
    }
    int lengthAt = page.end();
    page.writeInt(0);
    levels.writeTo(page, IntRuns.bitWidth(max));
    page.setInt(lengthAt, page.end() - lengthAt - Integer.BYTES);
  }

  private void requireType(PrimitiveTypeName expected) {
    if (type != expected) {
      throw new IllegalArgumentException("the column " + column + " holds " + type + ", not " + expected);
    }
  }
}
