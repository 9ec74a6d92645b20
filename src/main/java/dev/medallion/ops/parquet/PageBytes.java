package dev.medallion.ops.parquet;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.apache.spark.unsafe.Platform;

/**
 * Bytes of a page being filled, growing as they come, with Parquet's little-endian layout of plain
 * values. The first {@link #HEADROOM} bytes are kept free, so a page's definition levels, known
 * only when the page ends, can go in front of its values without copying them.
 */
final class PageBytes {
  /** Bytes kept free in front of the values. */
  static final int HEADROOM = 64;

  private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private byte[] bytes;
  private int end = HEADROOM;

  PageBytes(int capacity) {
    bytes = new byte[HEADROOM + capacity];
  }

  /** The buffer; the values are in {@code [HEADROOM, end())}. */
  byte[] array() {
    return bytes;
  }

  /** Where the values end. */
  int end() {
    return end;
  }

  /** The values' size in bytes. */
  int size() {
    return end - HEADROOM;
  }

  /** Bytes of the buffer. */
  int capacity() {
    return bytes.length;
  }

  /** Forgets the values (a new page). */
  void clear() {
    end = HEADROOM;
  }

  void writeByte(int value) {
    ensure(1);
    bytes[end++] = (byte) value;
  }

  void writeInt(int value) {
    ensure(Integer.BYTES);
    INT.set(bytes, end, value);
    end += Integer.BYTES;
  }

  void writeLong(long value) {
    ensure(Long.BYTES);
    LONG.set(bytes, end, value);
    end += Long.BYTES;
  }

  /** Writes {@code value} as a length (4 bytes) and its bytes: a plain byte array. */
  void writeLengthAndBytes(byte[] value) {
    ensure(Integer.BYTES + value.length);
    INT.set(bytes, end, value.length);
    System.arraycopy(value, 0, bytes, end + Integer.BYTES, value.length);
    end += Integer.BYTES + value.length;
  }

  /**
   * Writes {@code value}'s remaining bytes as a plain byte array: a length, then the bytes. The
   * buffer's position is left where it was.
   */
  void writeLengthAndBytes(ByteBuffer value) {
    int length = value.remaining();
    ensure(Integer.BYTES + length);
    INT.set(bytes, end, length);
    value.get(value.position(), bytes, end + Integer.BYTES, length);
    end += Integer.BYTES + length;
  }

  /**
   * Writes {@code length} bytes at {@code offset} of {@code base} (Spark's address of a value in
   * memory, as {@code UTF8String} holds it) as a plain byte array: a length, then the bytes.
   */
  void writeLengthAndMemory(Object base, long offset, int length) {
    ensure(Integer.BYTES + length);
    INT.set(bytes, end, length);
    Platform.copyMemory(base, offset, bytes, Platform.BYTE_ARRAY_OFFSET + end + Integer.BYTES, length);
    end += Integer.BYTES + length;
  }

  void writeDouble(double value) {
    writeLong(Double.doubleToRawLongBits(value));
  }

  /** Writes {@code value} in the ULEB128 variable-length encoding of Parquet's run headers. */
  void writeUnsignedVarInt(int value) {
    ensure(5);
    int rest = value;
    while ((rest & ~0x7F) != 0) {
      bytes[end++] = (byte) ((rest & 0x7F) | 0x80);
      rest >>>= 7;
    }
    bytes[end++] = (byte) rest;
  }

  /** Copies {@code length} bytes of {@code source} from {@code offset}. */
  void write(byte[] source, int offset, int length) {
    ensure(length);
    System.arraycopy(source, offset, bytes, end, length);
    end += length;
  }

  /** Writes a little-endian int at {@code position} of the buffer, in front of the values. */
  void setInt(int position, int value) {
    INT.set(bytes, position, value);
  }

  private void ensure(int more) {
    if (end + more > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, end + more));
    }
  }
}
