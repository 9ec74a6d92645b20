package dev.medallion.bench;

import dev.medallion.ops.PipelineMetrics;
import dev.medallion.ops.PipelineRunner;
import dev.medallion.ops.SparkLogs;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.spark.sql.SparkSession;

/**
 * The pipeline running continuously (every stream at its spec's trigger) while events arrive at a
 * steady rate for a while; then the feed stops and the pipeline gets a bounded time to catch up.
 * Reports what was produced, whether it drained, and each layer's per-event latencies.
 */
final class SustainedRun {
  private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
  private static final Duration REPORT_EVERY = Duration.ofSeconds(10);

  private final SparkSession spark;
  private final PipelineRunners runners;
  private final EventFeed feed;
  private final PrintStream out;

  SustainedRun(SparkSession spark, PipelineRunners runners, EventFeed feed, PrintStream out) {
    this.spark = spark;
    this.runners = runners;
    this.feed = feed;
    this.out = out;
  }

  /** What a sustained run measured. */
  record Outcome(Rate produced, boolean drained, Map<String, Latencies> latencies) {}

  /**
   * Runs {@code scenario} at {@code rate} events per second for {@code duration}, then waits up to
   * {@code drainTimeout} for gold to have every event.
   */
  Outcome run(Scenario scenario, long rate, Duration duration, Duration drainTimeout)
      throws InterruptedException {
    feed.createTopics(scenario);
    PipelineMetrics metrics = new PipelineMetrics(scenario.locations());
    AtomicReference<RuntimeException> failure = new AtomicReference<>();
    Rate produced;
    boolean drained;
    try (PipelineRunner runner = runners.of(scenario, metrics)) {
      Thread running =
          new Thread(
              () -> {
                try {
                  runner.runContinuously();
                } catch (RuntimeException e) {
                  failure.set(e);
                }
              },
              "medallion-bench-pipeline");
      running.start();
      awaitStarted(runner, failure);
      out.printf("bench: pipeline running; producing %,d events/s for %d s%n", rate, duration.toSeconds());
      Thread reporter = reporter(metrics);
      produced = feed.publishAtRate(scenario, rate, duration, () -> failure.get() != null);
      drained = awaitDrained(metrics, produced.records(), drainTimeout, failure);
      reporter.interrupt();
      try (SparkLogs.Quiet stopping = SparkLogs.quiet()) { // the batch in flight is cancelled
        runner.close();
        running.join(Duration.ofMinutes(2).toMillis());
      }
    }
    if (failure.get() != null) {
      throw failure.get();
    }
    return new Outcome(produced, drained, OurLatencies.measure(spark, scenario));
  }

  private void awaitStarted(
      PipelineRunner runner, AtomicReference<RuntimeException> failure)
      throws InterruptedException {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (runner.queries().size() < runner.streamCount()
        || !runner.queries().stream().allMatch(query -> query.isActive())) {
      if (failure.get() != null) {
        throw failure.get();
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the pipeline did not start within " + START_TIMEOUT);
      }
      Thread.sleep(100);
    }
  }

  /** Waits until gold read every event silver wrote, after bronze and silver read them all. */
  private boolean awaitDrained(
      PipelineMetrics metrics, long produced, Duration timeout, AtomicReference<RuntimeException> failure)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline && failure.get() == null) {
      Map<String, PipelineMetrics.LiveCounters> live = metrics.live();
      long bronze = rowsIn(live, OurLatencies.BRONZE);
      long silverIn = rowsIn(live, OurLatencies.SILVER);
      long silverOut = live.containsKey(OurLatencies.SILVER) ? live.get(OurLatencies.SILVER).rowsOut() : 0;
      long gold = rowsIn(live, OurLatencies.GOLD);
      if (bronze >= produced && silverIn >= bronze && gold >= silverOut) {
        return true;
      }
      Thread.sleep(200);
    }
    return false;
  }

  private static long rowsIn(Map<String, PipelineMetrics.LiveCounters> live, String table) {
    return live.containsKey(table) ? live.get(table).rowsIn() : 0;
  }

  private Thread reporter(PipelineMetrics metrics) {
    Thread thread =
        new Thread(
            () -> {
              long started = System.nanoTime();
              try {
                while (true) {
                  Thread.sleep(REPORT_EVERY.toMillis());
                  Map<String, PipelineMetrics.LiveCounters> live = metrics.live();
                  out.printf(
                      "bench: %3d s  bronze %,d  silver %,d  gold %,d events%n",
                      (System.nanoTime() - started) / 1_000_000_000L,
                      rowsIn(live, OurLatencies.BRONZE),
                      rowsIn(live, OurLatencies.SILVER),
                      rowsIn(live, OurLatencies.GOLD));
                }
              } catch (InterruptedException stopped) {
                // the run is over
              }
            },
            "medallion-bench-progress");
    thread.setDaemon(true);
    thread.start();
    return thread;
  }
}
