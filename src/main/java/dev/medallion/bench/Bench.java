package dev.medallion.bench;

import dev.medallion.ops.KafkaEndpoint;
import dev.medallion.spec.PipelineSpec;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;

/**
 * The bench's steps, in order: produce, measure the consumer ceiling, run each layer once over the
 * produced events, run the pipeline at a sustained rate, then the seed's pipeline the same ways,
 * then ours once more over new events in micro-batches of the gold target's size. The ceiling and
 * every layer are measured on their second pass over the events, the first pass paying the JIT's
 * and the heap's warm-up (reported beside them).
 * Every step has its own topics and tables under the bench's folder.
 */
public final class Bench {
  /** Micro-batches measured at the gold target's batch size. */
  static final int TARGET_BATCHES = 3;

  private final SparkSession spark;
  private final KafkaEndpoint kafka;
  private final PipelineSpec spec;
  private final PipelineRunners runners;
  private final PrintStream out;

  public Bench(SparkSession spark, KafkaEndpoint kafka, PipelineSpec spec, PipelineRunners runners, PrintStream out) {
    this.spark = spark;
    this.kafka = kafka;
    this.spec = spec;
    this.runners = runners;
    this.out = out;
  }

  /**
   * Runs every step under {@code root}, prints the table, writes {@code json} when given, and
   * returns the JSON document.
   */
  public Map<String, Object> run(BenchSettings settings, Path root, Optional<Path> json)
      throws InterruptedException {
    int steps = settings.baseline() ? 7 : 6;
    EventFeed feed = new EventFeed(kafka, out);
    EventFeed quietFeed = new EventFeed(kafka, new PrintStream(OutputStream.nullOutputStream()));
    Scenario once = Scenario.of("once", "once", spec, root);
    feed.createTopics(once);

    step(1, steps, "producing %,d events", settings.events());
    Rate produced = feed.publish(once, settings.events());
    out.printf("bench: produced at %,.0f events/s%n", produced.perSecond());

    step(2, steps, "the ceiling: a plain Kafka consumer reading the topic, twice (the second pass counts)");
    Map<String, JvmActivity> jvm = new LinkedHashMap<>();
    Rate ceilingCold = ConsumerCeiling.read(kafka, once.topic("events"));
    JvmActivity.Start ceilingStart = JvmActivity.start();
    Rate ceiling = ConsumerCeiling.read(kafka, once.topic("events"));
    jvm.put("ceiling", ceilingStart.since());
    out.printf("bench: %,.0f records/s, %.0f MB/s (first pass %,.0f records/s)%n",
        ceiling.perSecond(), ceiling.megabytesPerSecond(), ceilingCold.perSecond());

    step(3, steps, "each layer once over the %,d events (run --once), twice: a first pass into tables"
        + " of its own, then the measured one", settings.events());
    // the same code as the measured pass, cold: what the JIT's and the heap's warm-up cost
    JvmActivity.Start firstPassStart = JvmActivity.start();
    Map<String, LayerFigures> firstPass =
        new OnceRun(spark, runners).run(Scenario.of("first-pass", "once", spec, root));
    jvm.put("first_pass", firstPassStart.since());
    firstPass.values().forEach(
        f -> out.printf("bench: first pass %-22s %,12d rows %,10.0f rows/s%n", f.stream(), f.rows(), f.perSecond()));
    JvmActivity.Start onceStart = JvmActivity.start();
    Map<String, LayerFigures> ours = new OnceRun(spark, runners).run(once);
    jvm.put("once", onceStart.since());
    ours.values().forEach(f -> out.printf("bench: %-22s %,12d rows %,10.0f rows/s%n", f.stream(), f.rows(), f.perSecond()));

    step(4, steps, "the pipeline at %,d events/s for %d s", settings.rate(), settings.duration().toSeconds());
    JvmActivity.Start sustainedStart = JvmActivity.start();
    SustainedRun.Outcome sustained =
        new SustainedRun(spark, runners, quietFeed, out)
            .run(Scenario.of("sustained", "sustained", spec, root), settings.rate(), settings.duration(),
                settings.drainTimeout());
    jvm.put("sustained", sustainedStart.since());
    printLatencies("ours", sustained);

    Optional<Map<String, LayerFigures>> seedOnce = Optional.empty();
    Optional<SustainedRun.Outcome> seedSustained = Optional.empty();
    if (settings.baseline()) {
      step(5, steps, "the seed's pipeline as written: once over the same events%s",
          settings.sustainedBaseline() ? ", then sustained" : "");
      SeedBaseline seed = new SeedBaseline(spark, kafka, quietFeed, out);
      seedOnce = Optional.of(seed.runOnce(Scenario.of("seed-once", "once", spec, root)));
      seedOnce.get().values().forEach(
          f -> out.printf("bench: %-22s %,12d rows %,10.0f rows/s%n", f.stream(), f.rows(), f.perSecond()));
      if (settings.sustainedBaseline()) {
        Duration drain = settings.drainTimeout().plus(SeedPipeline.GOLD_TRIGGER.multipliedBy(2));
        seedSustained = Optional.of(
            seed.runSustained(Scenario.of("seed-sustained", "seed-sustained", spec, root),
                settings.rate(), settings.duration(), drain));
        printLatencies("seed", seedSustained.get());
      }
    }

    // after the seed's once-run, which reads the same topic: these events are ours alone
    step(steps - 1, steps, "gold at the target's micro-batch size: %d batches of %,d new events",
        TARGET_BATCHES, settings.targetBatchEvents());
    LayerFigures goldAtTarget = goldAtTargetBatches(once, ours, settings.targetBatchEvents(), quietFeed);

    step(steps, steps, "report");
    BenchResult result = new BenchResult(Runtime.getRuntime().availableProcessors(), settings, produced,
        ceiling, new BenchResult.FirstPasses(ceilingCold, firstPass), ours, sustained, seedOnce, seedSustained,
        goldAtTarget, jvm);
    BenchReport report = new BenchReport(result);
    report.print(out);
    json.ifPresent(report::writeJson);
    return report.json();
  }

  /**
   * The gold step at the size of micro-batch the target names: {@link #TARGET_BATCHES}
   * batches of {@code batchEvents} new events, through tables the once-run filled.
   */
  private LayerFigures goldAtTargetBatches(
      Scenario once, Map<String, LayerFigures> ours, long batchEvents, EventFeed feed)
      throws InterruptedException {
    feed.publishMore(once, TARGET_BATCHES * batchEvents, EventFeed.SEED + 1);
    int earlier = ours.getOrDefault(BenchResult.GOLD, LayerFigures.none(BenchResult.GOLD)).batchMillis().size();
    LayerFigures gold =
        new OnceRun(spark, runners)
            .run(once.withMaxOffsetsPerTrigger(batchEvents))
            .getOrDefault(BenchResult.GOLD, LayerFigures.none(BenchResult.GOLD))
            .after(earlier);
    double[] millis = gold.batchMillisMinMedianMax();
    out.printf("bench: gold step per batch: median %,.0f ms over %d batches%n", millis[1], gold.batchMillis().size());
    return gold;
  }

  private void printLatencies(String whose, SustainedRun.Outcome run) {
    run.latencies().forEach((layer, l) -> out.printf(
        "bench: %s %-6s p50 %,8.0f ms  p95 %,8.0f ms  p99 %,8.0f ms over %,d events (median %,.0f ms early, %,.0f ms late)%n",
        whose, layer, l.p50(), l.p95(), l.p99(), l.events(), l.earlyMedian(), l.lateMedian()));
    out.printf("bench: %s produced %,d events at %,.0f events/s; drained: %s%n",
        whose, run.produced().records(), run.produced().perSecond(), run.drained());
  }

  private void step(int step, int of, String what, Object... arguments) {
    out.printf("bench [%d/%d] %s%n", step, of, String.format(what, arguments));
  }
}
