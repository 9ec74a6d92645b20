package dev.medallion.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A layer's busy time from its batches' intervals. */
class LayerFiguresTest {
  @Test
  void overlappingBatchesCountTheirCommonTimeOnce() {
    // the ingester's batches of a measured once-run: each read while the one before commits
    List<Long> starts = List.of(54_766L, 56_045L, 57_056L);
    List<Long> durations = List.of(2_149L, 1_312L, 1_060L);

    assertThat(LayerFigures.coveredMillis(starts, durations)).isEqualTo(58_116L - 54_766L);
  }

  @Test
  void separateBatchesAddUp() {
    assertThat(LayerFigures.coveredMillis(List.of(0L, 100L, 500L), List.of(50L, 100L, 25L))).isEqualTo(175L);
  }

  @Test
  void aBatchWithinAnotherAddsNothing() {
    assertThat(LayerFigures.coveredMillis(List.of(0L, 10L), List.of(100L, 20L))).isEqualTo(100L);
    assertThat(LayerFigures.coveredMillis(List.of(), List.of())).isZero();
  }
}
