package dev.medallion.ops.parquet;

import java.util.Arrays;

/**
 * Small non-negative integers of one page (definition levels, dictionary indexes) kept as runs of
 * equal values, and written in Parquet's RLE / bit-packing hybrid encoding as RLE runs only. The
 * values the ingester writes repeat in long runs (every record of a poll has the same ingestion
 * time, a partition's records come together, most payloads are present), where a run costs a
 * couple of bytes; values that alternate cost a run each, which stays valid Parquet.
 */
final class IntRuns {
  private int[] values = new int[16];
  private int[] lengths = new int[16];
  private int runs;
  private int count;

  /** Adds one value. */
  void add(int value) {
    count++;
    if (runs > 0 && values[runs - 1] == value) {
      lengths[runs - 1]++;
      return;
    }
    if (runs == values.length) {
      values = Arrays.copyOf(values, runs * 2);
      lengths = Arrays.copyOf(lengths, runs * 2);
    }
    values[runs] = value;
    lengths[runs] = 1;
    runs++;
  }

  /** Values added since the last {@link #clear()}. */
  int count() {
    return count;
  }

  /** The largest value added, or 0 if none. */
  int max() {
    int max = 0;
    for (int i = 0; i < runs; i++) {
      max = Math.max(max, values[i]);
    }
    return max;
  }

  void clear() {
    runs = 0;
    count = 0;
  }

  /** Writes the runs, each value in the bytes {@code bitWidth} needs. */
  void writeTo(PageBytes out, int bitWidth) {
    int valueBytes = (bitWidth + 7) / 8;
    for (int i = 0; i < runs; i++) {
      out.writeUnsignedVarInt(lengths[i] << 1);
      for (int b = 0; b < valueBytes; b++) {
        out.writeByte(values[i] >>> (8 * b));
      }
    }
  }

  /** The bit width of values up to {@code max} (at least 1). */
  static int bitWidth(int max) {
    return Math.max(1, 32 - Integer.numberOfLeadingZeros(max));
  }
}
