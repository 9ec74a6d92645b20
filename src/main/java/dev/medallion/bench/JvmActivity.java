package dev.medallion.bench;

import java.lang.management.CompilationMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * What the JVM spent beside a measured step: its wall time, the JIT compilers' time (summed over
 * their threads) and the collectors' time. On two cores, the JIT compiling code of an earlier step
 * takes CPU the measured one needs, so a figure is read with these beside it: the same step's
 * records/s moved by half between benches as the compile load during it moved (docs/performance.md).
 *
 * @param wallMillis the step's wall time
 * @param jitMillis time the JIT compilers spent during it, summed over their threads
 * @param gcMillis time the collectors spent during it (ParallelGC: its pauses)
 */
record JvmActivity(long wallMillis, long jitMillis, long gcMillis) {

  /** The counters at the start of a step. */
  static final class Start {
    private final Counters counters;
    private final long nanos;
    private final long jitMillis;
    private final long gcMillis;

    private Start(Counters counters) {
      this.counters = counters;
      this.nanos = counters.nanos().getAsLong();
      this.jitMillis = counters.jitMillis().getAsLong();
      this.gcMillis = counters.gcMillis().getAsLong();
    }

    /** What the JVM spent since this start. */
    JvmActivity since() {
      return new JvmActivity(
          (counters.nanos().getAsLong() - nanos) / 1_000_000,
          counters.jitMillis().getAsLong() - jitMillis,
          counters.gcMillis().getAsLong() - gcMillis);
    }
  }

  /** Where the figures come from: this JVM's clock, compilation and collector beans. */
  record Counters(LongSupplier nanos, LongSupplier jitMillis, LongSupplier gcMillis) {
    static Counters ofThisJvm() {
      CompilationMXBean compilation = ManagementFactory.getCompilationMXBean();
      List<GarbageCollectorMXBean> collectors = ManagementFactory.getGarbageCollectorMXBeans();
      LongSupplier jit =
          compilation != null && compilation.isCompilationTimeMonitoringSupported()
              ? compilation::getTotalCompilationTime
              : () -> 0;
      return new Counters(
          System::nanoTime,
          jit,
          () -> collectors.stream().mapToLong(c -> Math.max(0, c.getCollectionTime())).sum());
    }

    Start start() {
      return new Start(this);
    }
  }

  /** Starts measuring a step in this JVM. */
  static Start start() {
    return Counters.ofThisJvm().start();
  }

  /** A line's worth: {@code 31.2 s (JIT 14.1 s, GC 3.9 s)}. */
  String describe() {
    return String.format(Locale.ROOT, "%.1f s (JIT %.1f s, GC %.1f s)", wallMillis / 1000.0, jitMillis / 1000.0, gcMillis / 1000.0);
  }
}
