package dev.medallion.ops;

import dev.medallion.ops.parquet.ColumnEncoder.PageLimits;
import dev.medallion.ops.parquet.EncodedColumnsFile;
import dev.medallion.ops.parquet.LeveledColumn;
import io.delta.kernel.expressions.Literal;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.SpecializedGetters;
import org.apache.spark.sql.catalyst.expressions.UnsafeArrayData;
import org.apache.spark.sql.catalyst.expressions.UnsafeRow;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.catalyst.util.MapData;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * A Parquet file of Spark's internal rows, its columns encoded value by value from the rows'
 * memory ({@link LeveledColumn}, plain values, Snappy), without parquet-mr's record assembly or
 * the text objects Spark's writer makes of every value. Columns of text, integers, dates, longs,
 * timestamps, doubles, and maps and lists of those ({@link #supports}). The bounds and null counts of the
 * indexed columns are gathered as the rows are added, for Delta's statistics. One thread at a time.
 */
public final class InternalRowsFile {
  /** Writes one value of a row, a map's key or a map's value into a column. */
  @FunctionalInterface
  private interface ValueWriter {
    void write(SpecializedGetters source, int ordinal, int repetition) throws IOException;
  }

  /** Adds one top-level field of a row. */
  @FunctionalInterface
  private interface FieldWriter {
    void write(InternalRow row) throws IOException;
  }

  private final StructType schema;
  private final EncodedColumnsFile file;
  private final List<FieldWriter> fields = new ArrayList<>();
  private final List<ColumnBounds> bounds = new ArrayList<>();
  private long rows;

  /**
   * @param file where the file is created, when its first row group is written
   * @param parquetSchema {@code schema} in Parquet's terms, every field optional
   * @param schema the file's columns
   * @param ordinals for each column of {@code schema}, its position in the rows added
   * @param indexed the columns whose bounds and null counts are kept
   * @throws IllegalArgumentException when a column's type is not {@linkplain #supports supported}
   */
  public InternalRowsFile(
      OutputFile file, MessageType parquetSchema, StructType schema, int[] ordinals, Set<String> indexed) {
    this.schema = schema;
    List<LeveledColumn> columns = new ArrayList<>();
    for (var descriptor : parquetSchema.getColumns()) {
      columns.add(new LeveledColumn(descriptor, PageLimits.DEFAULT));
    }
    int column = 0;
    for (int i = 0; i < schema.length(); i++) {
      StructField field = schema.fields()[i];
      if (!supports(field.dataType())) {
        throw new IllegalArgumentException("no Parquet encoding here for " + field.name() + " " + field.dataType().simpleString());
      }
      int ordinal = ordinals[i];
      ColumnBounds columnBounds = null;
      if (indexed.contains(field.name())) {
        columnBounds = new ColumnBounds(field.name(), field.dataType());
        bounds.add(columnBounds);
      }
      if (field.dataType() instanceof MapType) {
        fields.add(mapField(ordinal, columns.get(column), columns.get(column + 1), columnBounds));
        column += 2;
      } else if (field.dataType() instanceof ArrayType) {
        fields.add(listField(ordinal, columns.get(column), columnBounds));
        column++;
      } else {
        fields.add(atomicField(ordinal, columns.get(column), columnBounds));
        column++;
      }
    }
    this.file = new EncodedColumnsFile(file, parquetSchema, SparkFooter.of(schema), columns);
  }

  /** Whether a column of {@code type} can be written here. */
  public static boolean supports(DataType type) {
    if (type instanceof MapType map) {
      return isAtomic(map.keyType()) && isAtomic(map.valueType());
    } else if (type instanceof ArrayType array) {
      return isAtomic(array.elementType());
    }
    return isAtomic(type);
  }

  /** The values encoded here: text, integers, dates, longs, timestamps, doubles, all of them ordered for bounds. */
  private static boolean isAtomic(DataType type) {
    return ColumnBounds.isOrdered(type);
  }

  /** Adds a row. */
  public void add(InternalRow row) throws IOException {
    for (FieldWriter field : fields) {
      field.write(row);
    }
    rows++;
    file.rowAdded(EncodedColumnsFile.ROW_GROUP_BYTES);
  }

  /** How many rows were added. */
  public long rows() {
    return rows;
  }

  /** Writes the rows held and completes the file; returns its length in bytes. */
  public long finish() throws IOException {
    return file.finish();
  }

  /** Closes the file, if created, without completing it (the caller deletes it). */
  public void abort() {
    file.abort();
  }

  /** Delta's statistics of the rows added, as the log's JSON. */
  public String statistics() {
    Map<String, Literal> min = new HashMap<>();
    Map<String, Literal> max = new HashMap<>();
    Map<String, Long> nulls = new HashMap<>();
    StructType indexedSchema = new StructType();
    for (ColumnBounds column : bounds) {
      column.into(min, max, nulls);
    }
    for (StructField field : schema.fields()) {
      if (nulls.containsKey(field.name())) {
        indexedSchema = indexedSchema.add(field);
      }
    }
    return FileStatistics.json(indexedSchema, rows, min, max, nulls);
  }

  private static FieldWriter atomicField(int ordinal, LeveledColumn column, ColumnBounds bounds) {
    ValueWriter value = valueWriter(column);
    if (bounds == null) {
      return row -> {
        if (row.isNullAt(ordinal)) {
          column.addMissing(0, 0);
        } else {
          value.write(row, ordinal, 0);
        }
      };
    }
    return row -> {
      if (row.isNullAt(ordinal)) {
        column.addMissing(0, 0);
        bounds.addNull();
      } else {
        value.write(row, ordinal, 0);
        bounds.add(row, ordinal);
      }
    };
  }

  /**
   * A map in its key and value columns: a null map stops at definition level 0, an empty one just
   * below its entries' level; each entry repeats at level 1 after the first, and a null value stops
   * at the entries' level.
   */
  private static FieldWriter mapField(int ordinal, LeveledColumn keys, LeveledColumn values, ColumnBounds bounds) {
    ValueWriter key = valueWriter(keys);
    ValueWriter value = valueWriter(values);
    int entryLevel = entryLevel(keys);
    return row -> {
      if (row.isNullAt(ordinal)) {
        keys.addMissing(0, 0);
        values.addMissing(0, 0);
        if (bounds != null) {
          bounds.addNull();
        }
        return;
      }
      MapData map = row.getMap(ordinal);
      int size = map.numElements();
      if (size == 0) {
        keys.addMissing(0, entryLevel - 1);
        values.addMissing(0, entryLevel - 1);
        return;
      }
      ArrayData mapKeys = map.keyArray();
      ArrayData mapValues = map.valueArray();
      for (int entry = 0; entry < size; entry++) {
        int repetition = entry == 0 ? 0 : 1;
        key.write(mapKeys, entry, repetition);
        if (mapValues.isNullAt(entry)) {
          values.addMissing(repetition, entryLevel);
        } else {
          value.write(mapValues, entry, repetition);
        }
      }
    };
  }

  /** A list in its element column, its levels as a map's values ({@link #mapField}). */
  private static FieldWriter listField(int ordinal, LeveledColumn elements, ColumnBounds bounds) {
    ValueWriter element = valueWriter(elements);
    int entryLevel = entryLevel(elements);
    return row -> {
      if (row.isNullAt(ordinal)) {
        elements.addMissing(0, 0);
        if (bounds != null) {
          bounds.addNull();
        }
        return;
      }
      ArrayData list = row.getArray(ordinal);
      int size = list.numElements();
      if (size == 0) {
        elements.addMissing(0, entryLevel - 1);
        return;
      }
      for (int entry = 0; entry < size; entry++) {
        int repetition = entry == 0 ? 0 : 1;
        if (list.isNullAt(entry)) {
          elements.addMissing(repetition, entryLevel);
        } else {
          element.write(list, entry, repetition);
        }
      }
    };
  }

  /** The definition level at which an entry of a map or list is present, its value aside. */
  private static int entryLevel(LeveledColumn column) {
    int max = column.column().getMaxDefinitionLevel();
    return column.column().getPrimitiveType().isRepetition(Type.Repetition.OPTIONAL) ? max - 1 : max;
  }

  /**
   * Adds a text value from where it lies: in Spark's binary rows and arrays a value's offset and
   * size are read from its slot, without the {@link UTF8String} that {@code getUTF8String} makes
   * for each (a tenth of the write task in a profile).
   */
  private static void addText(LeveledColumn column, SpecializedGetters source, int ordinal, int repetition)
      throws IOException {
    if (source instanceof UnsafeRow row) {
      long offsetAndSize = row.getLong(ordinal);
      column.addBytes(repetition, row.getBaseObject(), row.getBaseOffset() + (offsetAndSize >> 32), (int) offsetAndSize);
    } else if (source instanceof UnsafeArrayData array) {
      long offsetAndSize = array.getLong(ordinal);
      column.addBytes(repetition, array.getBaseObject(), array.getBaseOffset() + (offsetAndSize >> 32), (int) offsetAndSize);
    } else {
      UTF8String text = source.getUTF8String(ordinal);
      column.addBytes(repetition, text.getBaseObject(), text.getBaseOffset(), text.numBytes());
    }
  }

  private static ValueWriter valueWriter(LeveledColumn column) {
    return switch (column.column().getPrimitiveType().getPrimitiveTypeName()) {
      case BINARY -> (source, ordinal, repetition) -> addText(column, source, ordinal, repetition);
      case INT32 -> (source, ordinal, repetition) -> column.addInt(repetition, source.getInt(ordinal));
      case INT64 -> (source, ordinal, repetition) -> column.addLong(repetition, source.getLong(ordinal));
      case DOUBLE -> (source, ordinal, repetition) -> column.addDouble(repetition, source.getDouble(ordinal));
      default -> throw new IllegalArgumentException("no value writer for " + column.column());
    };
  }
}
