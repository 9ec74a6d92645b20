package dev.medallion.ingest.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.medallion.spec.ErrorCode;
import dev.medallion.spec.MedallionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PacerTest {
  /** A clock that moves only when the pacer sleeps, or when the test says so. */
  private static final class FakeTime {
    long now = 1_000_000_000L;
    final List<Long> sleeps = new ArrayList<>();

    Pacer pacer(long eventsPerSecond) {
      return new Pacer(
          eventsPerSecond,
          () -> now,
          nanos -> {
            sleeps.add(nanos);
            now += nanos;
          });
    }

    void pass(Duration duration) {
      now += duration.toNanos();
    }
  }

  @Test
  void unlimitedNeverSleeps() throws InterruptedException {
    FakeTime time = new FakeTime();
    Pacer pacer = time.pacer(0);

    for (int i = 0; i < 100_000; i++) {
      pacer.acquire();
    }

    assertThat(time.sleeps).isEmpty();
    assertThat(Pacer.unlimited().eventsPerSecond()).isZero();
  }

  @Test
  void holdsTheRateWithSleepsOfAtLeastOneSlice() throws InterruptedException {
    FakeTime time = new FakeTime();
    long start = time.now;
    Pacer pacer = time.pacer(100_000);

    for (int i = 0; i < 1_000_000; i++) {
      pacer.acquire();
    }

    // event 999,999 is due 9.99999 s after the first; the loop may run one slice ahead
    long elapsed = time.now - start;
    assertThat(elapsed)
        .isBetween(
            Duration.ofMillis(9_990).minus(Pacer.SLICE).toNanos(),
            Duration.ofSeconds(10).toNanos());
    assertThat(time.sleeps)
        .allSatisfy(nanos -> assertThat(nanos).isGreaterThanOrEqualTo(Pacer.SLICE.toNanos()));
    assertThat(time.sleeps).hasSizeLessThanOrEqualTo(10_000 / 5);
  }

  @Test
  void slowRateSleepsBeforeEachEventButTheFirst() throws InterruptedException {
    FakeTime time = new FakeTime();
    Pacer pacer = time.pacer(2);

    for (int i = 0; i < 4; i++) {
      pacer.acquire();
    }

    assertThat(time.sleeps).containsExactly(500_000_000L, 500_000_000L, 500_000_000L);
  }

  @Test
  void catchesUpInABurstAfterFallingBehind() throws InterruptedException {
    FakeTime time = new FakeTime();
    Pacer pacer = time.pacer(1_000);
    pacer.acquire();

    time.pass(Duration.ofMillis(100));
    for (int i = 0; i < 100; i++) {
      pacer.acquire();
    }

    assertThat(time.sleeps).isEmpty();
  }

  @Test
  void forgivesMoreThanOneSecondOfBacklog() throws InterruptedException {
    FakeTime time = new FakeTime();
    Pacer pacer = time.pacer(1_000);
    pacer.acquire();

    time.pass(Duration.ofSeconds(10));
    // one second of backlog (1,000 events) plus one slice ahead (5 events) pass without sleeping
    for (int i = 0; i < 1_005; i++) {
      pacer.acquire();
    }
    assertThat(time.sleeps).isEmpty();

    pacer.acquire();
    assertThat(time.sleeps).containsExactly(Pacer.SLICE.toNanos());
  }

  @Test
  void rejectsANegativeRate() {
    assertThatThrownBy(() -> Pacer.perSecond(-1))
        .isInstanceOf(MedallionException.class)
        .hasMessage("The event rate must be between 0 (unlimited) and 1000000000 events/s; got -1.")
        .satisfies(e -> assertThat(((MedallionException) e).code()).isEqualTo(ErrorCode.USAGE));
  }
}
