package dev.medallion.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The JVM's time during a step: wall and CPU times taken as differences of counters. */
class JvmActivityTest {
  @Test
  void aStepIsTheDifferenceOfTheCountersAtItsEnds() {
    AtomicLong nanos = new AtomicLong(5_000_000_000L);
    AtomicLong cpu = new AtomicLong(90_000);
    AtomicLong jit = new AtomicLong(70_000);
    AtomicLong gc = new AtomicLong(1_200);
    JvmActivity.Start start = new JvmActivity.Counters(nanos::get, cpu::get, jit::get, gc::get).start();

    nanos.addAndGet(31_250_000_000L);
    cpu.addAndGet(58_100);
    jit.addAndGet(20_300);
    gc.addAndGet(6_200);
    JvmActivity step = start.since();

    assertThat(step).isEqualTo(new JvmActivity(31_250, 58_100, 20_300, 6_200));
    assertThat(step.describe()).isEqualTo("31.3 s, CPU 58.1 s (JIT 20.3 s, GC 6.2 s)");
  }

  @Test
  void aTimeNotKnownAtEitherEndIsNotKnownForTheStep() {
    AtomicLong jit = new AtomicLong(-1);
    JvmActivity.Start start = new JvmActivity.Counters(() -> 0, () -> 10, jit::get, () -> 0).start();
    jit.set(500);

    JvmActivity step = start.since();

    assertThat(step.jitCpuMillis()).isEqualTo(-1);
    assertThat(step.describe()).isEqualTo("0.0 s, CPU 0.0 s (JIT -, GC 0.0 s)");
  }

  @Test
  void theCompilerThreadsOfThisJvmAreFoundAndHaveWorked() {
    long compilers = JvmActivity.threadsCpuMillis(name -> name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler"));
    long none = JvmActivity.threadsCpuMillis(name -> name.equals("no thread has this name"));

    assertThat(compilers).as("the JIT compiled the test framework's code").isPositive();
    assertThat(none).isZero();
  }
}
