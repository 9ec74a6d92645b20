package dev.medallion.ops;

import java.io.Serializable;
import java.util.Arrays;
import org.apache.spark.sql.catalyst.expressions.UnsafeRow;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.Platform;

/**
 * Some fields of Spark's binary rows, in a chosen order, copied into a binary row of their own:
 * what Spark's {@code UnsafeProjection} of plain column references gives, byte for byte, without
 * an object per text or nested value. A fixed-length field's 8-byte slot is copied as it is; a
 * variable-length one's bytes (text, binary, a long decimal, a struct, list or map, whose inner
 * offsets are relative to its own start) are copied after the new row's slots, padded with zeros
 * to a whole word as Spark pads them. A decimal too long for a slot keeps its 16 bytes even when
 * NULL, its offset in the slot, as Spark's writer keeps them for an update in place.
 *
 * <p>The row returned is the same object for every call, pointed at the same buffer: copy it to
 * keep it, as Spark's projections hand on theirs.
 */
final class FieldSubset {
  /** How a field is kept: in its slot, in the bytes after the slots, or in 16 of them always. */
  static final byte FIXED = 0;
  static final byte VARIABLE = 1;
  static final byte LONG_DECIMAL = 2;

  private final int[] ordinals;
  private final byte[] kinds;
  private final int bitSetBytes;
  private final int fixedBytes;
  private final UnsafeRow row;
  private byte[] buffer;

  /** The choice of fields, made on the driver and sent to the executors with the task. */
  record Choice(int[] ordinals, byte[] kinds) implements Serializable {
    static Choice of(StructType schema, int[] ordinals) {
      byte[] kinds = new byte[ordinals.length];
      for (int i = 0; i < ordinals.length; i++) {
        DataType type = schema.fields()[ordinals[i]].dataType();
        if (UnsafeRow.isFixedLength(type)) {
          kinds[i] = FIXED;
        } else if (type instanceof DecimalType) {
          kinds[i] = LONG_DECIMAL;
        } else {
          kinds[i] = VARIABLE;
        }
      }
      return new Choice(ordinals.clone(), kinds);
    }
  }

  FieldSubset(Choice choice) {
    this.ordinals = choice.ordinals();
    this.kinds = choice.kinds();
    this.bitSetBytes = UnsafeRow.calculateBitSetWidthInBytes(ordinals.length);
    this.fixedBytes = bitSetBytes + 8 * ordinals.length;
    this.row = new UnsafeRow(ordinals.length);
    this.buffer = new byte[Math.max(64, 2 * fixedBytes)];
  }

  /** The chosen fields of {@code source}, in the chosen order. */
  UnsafeRow copy(UnsafeRow source) {
    Object sourceBase = source.getBaseObject();
    long sourceOffset = source.getBaseOffset();
    long base = Platform.BYTE_ARRAY_OFFSET;
    for (int word = 0; word < bitSetBytes; word += 8) {
      Platform.putLong(buffer, base + word, 0L);
    }
    int cursor = fixedBytes;
    for (int i = 0; i < ordinals.length; i++) {
      int ordinal = ordinals[i];
      long slot = base + bitSetBytes + 8L * i;
      boolean isNull = source.isNullAt(ordinal);
      if (isNull) {
        long bits = base + 8L * (i >> 6);
        Platform.putLong(buffer, bits, Platform.getLong(buffer, bits) | (1L << (i & 63)));
      }
      if (kinds[i] == FIXED) {
        Platform.putLong(buffer, slot, isNull ? 0L : source.getLong(ordinal));
      } else if (isNull && kinds[i] == VARIABLE) {
        Platform.putLong(buffer, slot, 0L);
      } else {
        long offsetAndSize = isNull ? 0L : source.getLong(ordinal);
        int size = (int) offsetAndSize;
        int room = kinds[i] == LONG_DECIMAL ? 16 : (size + 7) & ~7;
        if (cursor + room > buffer.length) {
          buffer = Arrays.copyOf(buffer, Math.max(2 * buffer.length, cursor + room));
        }
        if (kinds[i] == LONG_DECIMAL) {
          Platform.putLong(buffer, base + cursor, 0L);
        }
        if (room > 0) {
          Platform.putLong(buffer, base + cursor + room - 8, 0L); // the padding after the value
        }
        Platform.copyMemory(sourceBase, sourceOffset + (offsetAndSize >>> 32), buffer, base + cursor, size);
        Platform.putLong(buffer, slot, ((long) cursor << 32) | size);
        cursor += room;
      }
    }
    row.pointTo(buffer, cursor);
    return row;
  }
}
