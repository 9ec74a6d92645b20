package dev.medallion.silver;

/**
 * 128-bit fingerprints to non-negative ints, in open addressing over primitive arrays: the
 * per-key lookups of deduplication, millions per batch, without an object per key.
 *
 * <p>A slot's two halves sit side by side in one array, so a probe reads one cache line of keys
 * and one of values; the maps are far larger than the processor's caches, and deduplication's
 * time goes to those reads. Values are stored plus one, so a new array's zeros mean empty slots
 * and a new map needs no pass to mark them.
 */
final class FingerprintMap {
  /** What {@link #get} and {@link #put} answer for a fingerprint the map did not hold. */
  static final int ABSENT = -1;

  /** Slot {@code s} holds its fingerprint's high half at {@code 2s}, its low half at {@code 2s + 1}. */
  private long[] keys;
  /** Slot {@code s}'s value plus one; 0 for an empty slot. */
  private int[] values;
  private int size;

  FingerprintMap(int expected) {
    int capacity = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
    allocate(capacity);
  }

  int size() {
    return size;
  }

  /** The value of the fingerprint, or {@link #ABSENT}. */
  int get(long fingerprintHigh, long fingerprintLow) {
    int mask = values.length - 1;
    for (int slot = slot(fingerprintHigh, fingerprintLow, mask); ; slot = (slot + 1) & mask) {
      int stored = values[slot];
      if (stored == 0) {
        return ABSENT;
      }
      if (keys[2 * slot] == fingerprintHigh && keys[2 * slot + 1] == fingerprintLow) {
        return stored - 1;
      }
    }
  }

  /** Sets the fingerprint's value; returns the value it replaced, or {@link #ABSENT}. */
  int put(long fingerprintHigh, long fingerprintLow, int value) {
    return insert(fingerprintHigh, fingerprintLow, value, true);
  }

  /**
   * Sets the fingerprint's value unless the map holds the fingerprint; returns the value it holds,
   * or {@link #ABSENT} when it was set.
   */
  int putIfAbsent(long fingerprintHigh, long fingerprintLow, int value) {
    return insert(fingerprintHigh, fingerprintLow, value, false);
  }

  /** Bytes held, for the memory bound of the key index. */
  long bytes() {
    return (long) values.length * (8 + 8 + 4);
  }

  private int insert(long fingerprintHigh, long fingerprintLow, int value, boolean replace) {
    if (value < 0) {
      throw new IllegalArgumentException("values are non-negative: " + value);
    }
    if ((size + 1) * 2 > values.length) {
      grow();
    }
    int mask = values.length - 1;
    for (int slot = slot(fingerprintHigh, fingerprintLow, mask); ; slot = (slot + 1) & mask) {
      int stored = values[slot];
      if (stored == 0) {
        keys[2 * slot] = fingerprintHigh;
        keys[2 * slot + 1] = fingerprintLow;
        values[slot] = value + 1;
        size++;
        return ABSENT;
      }
      if (keys[2 * slot] == fingerprintHigh && keys[2 * slot + 1] == fingerprintLow) {
        if (replace) {
          values[slot] = value + 1;
        }
        return stored - 1;
      }
    }
  }

  private void grow() {
    long[] oldKeys = keys;
    int[] oldValues = values;
    allocate(oldValues.length * 2);
    size = 0;
    for (int slot = 0; slot < oldValues.length; slot++) {
      if (oldValues[slot] != 0) {
        insert(oldKeys[2 * slot], oldKeys[2 * slot + 1], oldValues[slot] - 1, true);
      }
    }
  }

  private void allocate(int capacity) {
    keys = new long[2 * capacity];
    values = new int[capacity];
  }

  private static int slot(long fingerprintHigh, long fingerprintLow, int mask) {
    long mixed = (fingerprintHigh ^ Long.rotateLeft(fingerprintLow, 29)) * 0x9E3779B97F4A7C15L;
    return (int) (mixed >>> 32) & mask;
  }
}
