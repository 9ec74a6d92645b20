package dev.medallion.gold;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.medallion.spec.MeasureSpec;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StoredMeasuresTest {
  private final StoredMeasures stored =
      new StoredMeasures(
          List.of(
              measure("events", MeasureSpec.Aggregation.COUNT),
              measure("revenue", MeasureSpec.Aggregation.SUM),
              measure("first_seen", MeasureSpec.Aggregation.MIN),
              measure("last_seen", MeasureSpec.Aggregation.MAX),
              measure("amount", MeasureSpec.Aggregation.AVG)));

  @Test
  void anAverageIsStoredAsASumAndACount() {
    assertThat(stored.columns())
        .containsExactly("events", "revenue", "first_seen", "last_seen", "amount__sum", "amount__count");
  }

  @Test
  void countsAndSumsAddAndAMissingSideLeavesTheOther() {
    assertThat(stored.combine(0, 2L, 3L)).isEqualTo(5L);
    assertThat(stored.combine(1, new BigDecimal("1.50"), new BigDecimal("2.25"))).isEqualTo(new BigDecimal("3.75"));
    assertThat(stored.combine(1, null, new BigDecimal("2.25"))).isEqualTo(new BigDecimal("2.25"));
    assertThat(stored.combine(4, 1.5, null)).isEqualTo(1.5);
  }

  @Test
  void minimumsAndMaximumsWiden() {
    Timestamp early = Timestamp.valueOf("2026-11-20 10:00:00");
    Timestamp late = Timestamp.valueOf("2026-11-20 11:00:00");
    assertThat(stored.combine(2, late, early)).isEqualTo(early);
    assertThat(stored.combine(3, late, early)).isEqualTo(late);
    assertThat(stored.combine(3, null, early)).isEqualTo(early);
  }

  @Test
  void valuesOfDifferentTypesAreRefusedWithTheirTypes() {
    assertThatThrownBy(() -> stored.combine(0, 2L, 1.5))
        .hasMessage("cannot add measure values of types Long and Double");
  }

  private static MeasureSpec measure(String name, MeasureSpec.Aggregation aggregation) {
    return new MeasureSpec(
        name,
        aggregation,
        aggregation == MeasureSpec.Aggregation.COUNT ? Optional.empty() : Optional.of("x"),
        Optional.empty());
  }
}
