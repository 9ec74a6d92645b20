package dev.medallion.bench;

import java.time.Duration;
import java.util.Locale;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * Waits, before a measured pass, for the JIT to finish compiling the code of the passes before it.
 * On two cores the C2 compiler thread, still compiling the first pass's silver and gold code, took
 * 22–53% of the CPU during bronze's measured pass, while the ceiling's second pass, measured right
 * after the consumer's own first pass, met 4–18% (docs/performance.md): the two sides of a ratio
 * measured under different loads. The wait ends when the compiler threads used at most a tenth of
 * a core over a second, or at the limit.
 */
final class JitSettling {
  static final Duration WINDOW = Duration.ofSeconds(1);
  /** Compiler CPU per window below which the JIT counts as settled: a tenth of a core. */
  static final long QUIET_MILLIS = WINDOW.toMillis() / 10;

  /** How the wait ended: after how long, with how much compiling meanwhile, and whether it settled. */
  record Outcome(long waitedMillis, long compilingMillis, boolean settled) {
    String describe() {
      String what =
          settled
              ? "the JIT settled after %.0f s (%.1f s of compiling)"
              : "the JIT still compiling after %.0f s (%.1f s of compiling); measuring anyway";
      return String.format(Locale.ROOT, what, waitedMillis / 1000.0, compilingMillis / 1000.0);
    }
  }

  private final LongSupplier jitCpuMillis;
  private final LongConsumer sleepMillis;

  /**
   * @param jitCpuMillis the compiler threads' CPU time so far (-1: unknown, then nothing waits)
   * @param sleepMillis waits that long
   */
  JitSettling(LongSupplier jitCpuMillis, LongConsumer sleepMillis) {
    this.jitCpuMillis = jitCpuMillis;
    this.sleepMillis = sleepMillis;
  }

  /** This JVM's compiler threads, read from {@code /proc}. */
  static JitSettling ofThisJvm() {
    return new JitSettling(
        () -> JvmActivity.threadsCpuMillis(JvmActivity::isCompilerThread),
        millis -> {
          try {
            Thread.sleep(millis);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
  }

  /** Waits window by window until a quiet one, or until {@code limit} has passed. */
  Outcome await(Duration limit) {
    long start = jitCpuMillis.getAsLong();
    if (start < 0) {
      return new Outcome(0, 0, false);
    }
    long before = start;
    long waited = 0;
    while (!Thread.currentThread().isInterrupted()) {
      sleepMillis.accept(WINDOW.toMillis());
      waited += WINDOW.toMillis();
      long after = jitCpuMillis.getAsLong();
      if (after < 0) {
        return new Outcome(waited, before - start, false);
      }
      if (after - before <= QUIET_MILLIS) {
        return new Outcome(waited, after - start, true);
      }
      before = after;
      if (waited >= limit.toMillis()) {
        break;
      }
    }
    return new Outcome(waited, before - start, false);
  }
}
