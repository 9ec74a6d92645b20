package dev.medallion.silver;

/** Key rows built by hand: key {@code k} has the fingerprint (k, k); all rows on partition 0. */
final class KeyRowsFixture {
  private KeyRowsFixture() {}

  static KeyRows rows(long[] keys, long[] orders, long[] offsets) {
    KeyRows rows = new KeyRows(keys.length);
    for (int i = 0; i < keys.length; i++) {
      rows.high[i] = keys[i];
      rows.low[i] = keys[i];
      rows.order[i] = orders[i];
      rows.offset[i] = offsets[i];
    }
    return rows;
  }
}
