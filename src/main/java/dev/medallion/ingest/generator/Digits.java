package dev.medallion.ingest.generator;

/** Writes non-negative numbers as zero-padded decimal digits without making strings. */
final class Digits {
  private Digits() {}

  /** Appends {@code value} (at least 0) left-padded with zeros to {@code width} digits. */
  static void appendPadded(StringBuilder out, long value, int width) {
    for (int digits = count(value); digits < width; digits++) {
      out.append('0');
    }
    out.append(value);
  }

  /** Writes {@code value} (at least 0, at most {@code width} digits) zero-padded into bytes. */
  static byte[] paddedBytes(long value, int width) {
    byte[] bytes = new byte[width];
    long rest = value;
    for (int i = width - 1; i >= 0; i--) {
      bytes[i] = (byte) ('0' + rest % 10);
      rest /= 10;
    }
    return bytes;
  }

  private static int count(long value) {
    int digits = 1;
    for (long rest = value; rest >= 10; rest /= 10) {
      digits++;
    }
    return digits;
  }
}
