package dev.medallion.silver;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The key index and its fingerprint map, without Spark. */
class SeenKeysTest {
  private static final long DAY = 86_400_000_000L;

  @Test
  void aKeyIsHeldElsewhereOnlyUnderAnotherPositionWithinTheWindow() {
    SeenKeys seen = new SeenKeys(Long.MIN_VALUE, 60 * DAY);
    KeyRows silver = KeyRowsFixture.rows(new long[] {1, 2}, new long[] {10 * DAY, 20 * DAY}, new long[] {100, 200});
    seen.add(silver, 0);
    seen.add(silver, 1);

    KeyRows batch = KeyRowsFixture.rows(new long[] {1, 1, 2, 3}, new long[] {30 * DAY, 30 * DAY, 30 * DAY, 30 * DAY}, new long[] {100, 300, 400, 500});
    assertThat(seen.heldElsewhere(1, 1, 0, batch, 0)).as("same position: a replay").isFalse();
    assertThat(seen.heldElsewhere(1, 1, 0, batch, 1)).isTrue();
    assertThat(seen.heldElsewhere(1, 1, 11 * DAY, batch, 1)).as("behind the window").isFalse();
    assertThat(seen.heldElsewhere(2, 2, 11 * DAY, batch, 2)).isTrue();
    assertThat(seen.heldElsewhere(3, 3, 0, batch, 3)).isFalse();
  }

  @Test
  void growingEvictsRowsBehindTheRetentionAndRaisesTheHorizon() {
    SeenKeys seen = new SeenKeys(Long.MIN_VALUE, 10 * DAY);
    int count = 5_000;
    long[] keys = new long[count];
    long[] orders = new long[count];
    long[] offsets = new long[count];
    for (int i = 0; i < count; i++) {
      keys[i] = i + 1;
      orders[i] = i * DAY / 100; // 50 days in all
      offsets[i] = i;
    }
    KeyRows rows = KeyRowsFixture.rows(keys, orders, offsets);
    for (int i = 0; i < count; i++) {
      seen.add(rows, i);
    }
    assertThat(seen.horizon()).isGreaterThan(Long.MIN_VALUE);
    assertThat(seen.covers(seen.horizon())).isTrue();
    assertThat(seen.covers(seen.horizon() - 1)).isFalse();
    assertThat(seen.size()).isLessThan(count);
    KeyRows probe = KeyRowsFixture.rows(new long[] {count}, new long[] {0}, new long[] {-1});
    assertThat(seen.heldElsewhere(count, count, seen.horizon(), probe, 0)).as("the newest key stays").isTrue();
    assertThat(seen.heldElsewhere(1, 1, Long.MIN_VALUE, probe, 0)).as("the oldest key is gone").isFalse();
  }

  @Test
  void nullKeysAndRowsWithoutOrderAreNotHeld() {
    SeenKeys seen = new SeenKeys(Long.MIN_VALUE, DAY);
    KeyRows rows = KeyRowsFixture.rows(new long[] {1, 2}, new long[] {KeyRows.NO_ORDER, DAY}, new long[] {1, 2});
    rows.nullKey[1] = true;
    seen.add(rows, 0);
    seen.add(rows, 1);
    assertThat(seen.size()).isZero();
  }

  @Test
  void theFingerprintMapGrowsAndKeepsEveryValue() {
    FingerprintMap map = new FingerprintMap(4);
    for (int i = 0; i < 10_000; i++) {
      map.put(i, -i, i);
    }
    map.put(7, -7, 70);
    assertThat(map.size()).isEqualTo(10_000);
    assertThat(map.get(7, -7)).isEqualTo(70);
    assertThat(map.get(9_999, -9_999)).isEqualTo(9_999);
    assertThat(map.get(7, 7)).isEqualTo(-1);
  }
}
