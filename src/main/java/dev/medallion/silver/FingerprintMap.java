package dev.medallion.silver;

import java.util.Arrays;

/**
 * 128-bit fingerprints to non-negative ints, in open addressing over primitive arrays: the
 * per-key lookups of deduplication, millions per batch, without an object per key.
 */
final class FingerprintMap {
  private static final int ABSENT = -1;

  private long[] high;
  private long[] low;
  private int[] values;
  private int size;

  FingerprintMap(int expected) {
    int capacity = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
    allocate(capacity);
  }

  int size() {
    return size;
  }

  /** The value of the fingerprint, or -1. */
  int get(long fingerprintHigh, long fingerprintLow) {
    int mask = values.length - 1;
    for (int slot = slot(fingerprintHigh, fingerprintLow, mask); ; slot = (slot + 1) & mask) {
      int value = values[slot];
      if (value == ABSENT) {
        return ABSENT;
      }
      if (high[slot] == fingerprintHigh && low[slot] == fingerprintLow) {
        return value;
      }
    }
  }

  /** Sets the fingerprint's value. */
  void put(long fingerprintHigh, long fingerprintLow, int value) {
    if (value < 0) {
      throw new IllegalArgumentException("values are non-negative: " + value);
    }
    if ((size + 1) * 2 > values.length) {
      grow();
    }
    int mask = values.length - 1;
    for (int slot = slot(fingerprintHigh, fingerprintLow, mask); ; slot = (slot + 1) & mask) {
      if (values[slot] == ABSENT) {
        high[slot] = fingerprintHigh;
        low[slot] = fingerprintLow;
        values[slot] = value;
        size++;
        return;
      }
      if (high[slot] == fingerprintHigh && low[slot] == fingerprintLow) {
        values[slot] = value;
        return;
      }
    }
  }

  /** Bytes held, for the memory bound of the key index. */
  long bytes() {
    return (long) values.length * (8 + 8 + 4);
  }

  private void grow() {
    long[] oldHigh = high;
    long[] oldLow = low;
    int[] oldValues = values;
    allocate(oldValues.length * 2);
    size = 0;
    for (int i = 0; i < oldValues.length; i++) {
      if (oldValues[i] != ABSENT) {
        put(oldHigh[i], oldLow[i], oldValues[i]);
      }
    }
  }

  private void allocate(int capacity) {
    high = new long[capacity];
    low = new long[capacity];
    values = new int[capacity];
    Arrays.fill(values, ABSENT);
  }

  private static int slot(long fingerprintHigh, long fingerprintLow, int mask) {
    long mixed = (fingerprintHigh ^ Long.rotateLeft(fingerprintLow, 29)) * 0x9E3779B97F4A7C15L;
    return (int) (mixed >>> 32) & mask;
  }
}
