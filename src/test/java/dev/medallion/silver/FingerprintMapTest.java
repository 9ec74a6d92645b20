package dev.medallion.silver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The map answers as a {@code HashMap} of the same fingerprints would, through its growth. */
class FingerprintMapTest {
  @Test
  void answersAsAHashMapThroughGrowthAndReplacements() {
    FingerprintMap map = new FingerprintMap(4);
    Map<List<Long>, Integer> expected = new HashMap<>();
    SplittableRandom random = new SplittableRandom(42);
    long[][] fingerprints = new long[5_000][];
    for (int i = 0; i < fingerprints.length; i++) {
      // a few share a half with another, so neither half alone tells them apart
      long high = i % 7 == 0 ? 12345L : random.nextLong();
      long low = i % 11 == 0 ? -1L : random.nextLong();
      fingerprints[i] = new long[] {high, low};
    }

    for (int step = 0; step < 40_000; step++) {
      long[] fingerprint = fingerprints[random.nextInt(fingerprints.length)];
      List<Long> key = List.of(fingerprint[0], fingerprint[1]);
      int value = random.nextInt(3) == 0 ? 0 : random.nextInt(Integer.MAX_VALUE);
      Integer before = expected.get(key);
      int answered;
      if (random.nextBoolean()) {
        answered = map.put(fingerprint[0], fingerprint[1], value);
        expected.put(key, value);
      } else {
        answered = map.putIfAbsent(fingerprint[0], fingerprint[1], value);
        expected.putIfAbsent(key, value);
      }
      assertThat(answered).isEqualTo(before == null ? FingerprintMap.ABSENT : before);
    }

    assertThat(map.size()).isEqualTo(expected.size());
    for (long[] fingerprint : fingerprints) {
      Integer value = expected.get(List.of(fingerprint[0], fingerprint[1]));
      assertThat(map.get(fingerprint[0], fingerprint[1])).isEqualTo(value == null ? FingerprintMap.ABSENT : value);
    }
    assertThat(map.get(1L, 2L)).isEqualTo(FingerprintMap.ABSENT);
  }

  @Test
  void refusesNegativeValues() {
    FingerprintMap map = new FingerprintMap(1);

    assertThatThrownBy(() -> map.put(1L, 2L, -1)).isInstanceOf(IllegalArgumentException.class);
    assertThat(map.size()).isZero();
  }
}
