package dev.medallion.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The JVM's time beside a step: wall, JIT and collector time taken as differences of counters. */
class JvmActivityTest {
  @Test
  void aStepIsTheDifferenceOfTheCountersAtItsEnds() {
    AtomicLong nanos = new AtomicLong(5_000_000_000L);
    AtomicLong jit = new AtomicLong(70_000);
    AtomicLong gc = new AtomicLong(1_200);
    JvmActivity.Start start = new JvmActivity.Counters(nanos::get, jit::get, gc::get).start();

    nanos.addAndGet(31_250_000_000L);
    jit.addAndGet(14_100);
    gc.addAndGet(3_900);
    JvmActivity step = start.since();

    assertThat(step).isEqualTo(new JvmActivity(31_250, 14_100, 3_900));
    assertThat(step.describe()).isEqualTo("31.3 s (JIT 14.1 s, GC 3.9 s)");
  }

  @Test
  void thisJvmsCountersOnlyGrow() {
    JvmActivity.Start start = JvmActivity.start();
    byte[][] garbage = new byte[64][];
    for (int i = 0; i < 10_000; i++) {
      garbage[i % garbage.length] = new byte[16 * 1024];
    }

    JvmActivity step = start.since();

    assertThat(garbage[0]).hasSize(16 * 1024);
    assertThat(step.wallMillis()).isNotNegative();
    assertThat(step.jitMillis()).isNotNegative();
    assertThat(step.gcMillis()).isNotNegative();
  }
}
