package dev.medallion.cli;

import dev.medallion.ops.BatchMetrics;
import dev.medallion.ops.DaemonThreads;
import dev.medallion.ops.PipelineMetrics;
import dev.medallion.ops.PipelineMetrics.LiveCounters;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Prints a compact progress line per table every few seconds while a pipeline runs: rows in and
 * out, quarantined, duplicates, the rate since the last line, and the latest batch's latency
 * from Kafka to commit.
 */
final class ProgressPrinter implements AutoCloseable {
  private final PipelineMetrics metrics;
  private final PrintStream out;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("medallion-progress"));
  private final Map<String, Long> previousIn = new java.util.HashMap<>();
  private final Map<String, Long> previousRowsOut = new java.util.HashMap<>();
  private final long started = System.nanoTime();
  private final Duration every;

  private final java.util.function.Supplier<String> startingStatus;

  /**
   * @param startingStatus what to print while no micro-batch has finished yet (start-up state)
   */
  ProgressPrinter(
      PipelineMetrics metrics,
      PrintStream out,
      Duration every,
      java.util.function.Supplier<String> startingStatus) {
    this.metrics = metrics;
    this.out = out;
    this.every = every;
    this.startingStatus = startingStatus;
  }

  void start() {
    timer.scheduleAtFixedRate(this::printChanged, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Prints the tables whose counters moved since the last line. */
  void printChanged() {
    print(false);
  }

  /** Prints every table, moved or not (the final summary). */
  void printNow() {
    print(true);
  }

  private synchronized void print(boolean all) {
    long elapsed = (System.nanoTime() - started) / 1_000_000_000L;
    if (metrics.live().isEmpty()) {
      out.printf("[%3ds] %s%n", elapsed, startingStatus.get());
      return;
    }
    for (Map.Entry<String, LiveCounters> entry : new java.util.TreeMap<>(metrics.live()).entrySet()) {
      LiveCounters counters = entry.getValue();
      long before = previousIn.getOrDefault(entry.getKey(), -1L);
      if (!all && before == counters.rowsIn()) {
        continue;
      }
      long beforeOut = previousRowsOut.getOrDefault(entry.getKey(), 0L);
      previousIn.put(entry.getKey(), counters.rowsIn());
      previousRowsOut.put(entry.getKey(), counters.rowsOut());
      BatchMetrics latest = counters.latest();
      out.printf(
          "[%3ds] %-18s in %,11d  out %,11d (%,8.0f/s)  quarantined %,8d  duplicates %,7d  latency %s%n",
          elapsed,
          entry.getKey(),
          counters.rowsIn(),
          counters.rowsOut(),
          (counters.rowsOut() - beforeOut) / (double) Math.max(1, every.toSeconds()),
          counters.quarantined(),
          counters.duplicates(),
          latest.averageLatency().map(ProgressPrinter::seconds).orElse("-"));
    }
  }

  private static String seconds(Duration duration) {
    return String.format("%.1fs", duration.toMillis() / 1000.0);
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
