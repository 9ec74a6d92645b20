package dev.medallion.ingest.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.medallion.spec.ErrorCode;
import dev.medallion.spec.MedallionException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class GeneratorOptionsTest {
  private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

  @Test
  void keepsEveryField() {
    GeneratorOptions options = new GeneratorOptions(10, 20, 0.5, 30, NOW);

    assertThat(options.count()).isEqualTo(10);
    assertThat(options.customers()).isEqualTo(20);
    assertThat(options.dirtyFraction()).isEqualTo(0.5);
    assertThat(options.seed()).isEqualTo(30);
    assertThat(options.now()).isEqualTo(NOW);
  }

  @Test
  void acceptsTheBounds() {
    new GeneratorOptions(0, 1, 0, Long.MIN_VALUE, NOW);
    new GeneratorOptions(Long.MAX_VALUE, Integer.MAX_VALUE, 1, Long.MAX_VALUE, NOW);
  }

  @Test
  void rejectsADirtyFractionOutsideZeroToOne() {
    assertUsage(
        () -> new GeneratorOptions(10, 20, 1.5, 30, NOW),
        "--dirty must be between 0 and 1, got 1.5. Pass the fraction of dirty records, e.g."
            + " --dirty 0.05 for 5%.");
    assertUsage(
        () -> new GeneratorOptions(10, 20, -0.1, 30, NOW),
        "--dirty must be between 0 and 1, got -0.1. Pass the fraction of dirty records, e.g."
            + " --dirty 0.05 for 5%.");
    assertUsage(
        () -> new GeneratorOptions(10, 20, Double.NaN, 30, NOW),
        "--dirty must be between 0 and 1, got NaN. Pass the fraction of dirty records, e.g."
            + " --dirty 0.05 for 5%.");
  }

  @Test
  void rejectsANegativeCountAndNoCustomers() {
    assertUsage(
        () -> new GeneratorOptions(-1, 20, 0.5, 30, NOW),
        "--count must be at least 0, got -1. Pass --count 0 or more.");
    assertUsage(
        () -> new GeneratorOptions(10, 0, 0.5, 30, NOW),
        "--customers must be at least 1, got 0. Pass --customers 1 or more.");
  }

  @Test
  void customerFeedOptionsRejectWhatMakesNoSense() {
    assertUsage(
        () -> new CustomerFeedOptions(0, 10, 100, 1, NOW),
        "--customers must be at least 1, got 0. Pass --customers 1 or more.");
    assertUsage(
        () -> new CustomerFeedOptions(5, -2, 100, 1, NOW),
        "--changes must be at least 0, got -2. Pass --changes 0 or more.");
    assertUsage(
        () -> new CustomerFeedOptions(5, 10, 0, 1, NOW),
        "--events-per-change must be at least 1, got 0. Pass --events-per-change 1 or more.");
  }

  private static void assertUsage(Runnable construction, String message) {
    assertThatThrownBy(construction::run)
        .isInstanceOfSatisfying(
            MedallionException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.USAGE))
        .hasMessage(message);
  }
}
