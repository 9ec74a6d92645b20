package dev.medallion.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A bench's figures as a table (stage, records/s, per core, ratio to the ceiling, latency, target,
 * the seed pipeline's figures beside ours) and as JSON with the keys.
 */
final class BenchReport {
  private static final String ROW = "%-22s %12s %10s %8s %9s %9s  %-34s %12s %9s %9s%n";

  private final BenchResult result;

  BenchReport(BenchResult result) {
    this.result = result;
  }

  /** Prints the table to {@code out}. */
  void print(PrintStream out) {
    double ceiling = result.ceiling().perSecond();
    Map<String, Latencies> ours = result.sustained().latencies();
    Map<String, Latencies> seed =
        result.seedSustained().map(SustainedRun.Outcome::latencies).orElse(Map.of());
    out.println();
    out.printf(
        "bench: %d cores, %,d events (%s); sustained %,d events/s for %d s%n",
        result.cores(), result.settings().events(), "5% dirty, seed schema",
        result.settings().rate(), result.settings().duration().toSeconds());
    out.printf(ROW, "stage", "records/s", "per core", "ceiling", "p50 ms", "p99 ms", "target",
        "seed rec/s", "seed p50", "seed p99");
    out.printf(ROW, "produce", rate(result.produced().perSecond()), "", "", "", "", "seed: 1.2M events/s ingestion", "", "", "");
    out.printf(ROW, "kafka consumer", rate(ceiling), rate(ceiling / result.cores()), "1.00", "", "",
        String.format("%.0f MB/s", result.ceiling().megabytesPerSecond()), "", "", "");
    stage(out, "kafka -> bronze", BenchResult.BRONZE, SeedPipeline.BRONZE, "bronze", ceiling, ours, seed,
        ">= 50% of ceiling; seed: < 2 s");
    stage(out, "bronze -> silver", BenchResult.SILVER, SeedPipeline.SILVER, "silver", ceiling, ours, seed,
        ">= 150K/s per core; seed: < 5 s");
    stage(out, "silver -> gold", BenchResult.GOLD, SeedPipeline.GOLD, "gold", ceiling, ours, seed,
        "p50 <= 3 s, p99 <= 8 s; seed: < 10 s");
    double[] merge = result.ours(BenchResult.GOLD).batchMillisMinMedianMax();
    double[] seedMerge = result.seed(SeedPipeline.GOLD).batchMillisMinMedianMax();
    out.printf(ROW, "gold MERGE per batch", "", "", "", "", "", "<= 2 s per 100K-event batch", "", "", "");
    out.printf("  ours: min %s / median %s / max %s ms over %d batches (%s rows/batch);"
            + " seed: median %s ms%n",
        millis(merge[0]), millis(merge[1]), millis(merge[2]), result.ours(BenchResult.GOLD).batchMillis().size(),
        rate(averageRows(result.ours(BenchResult.GOLD))), millis(seedMerge[1]));
    LayerFigures target = result.goldAtTargetBatch();
    double[] targetMerge = target.batchMillisMinMedianMax();
    out.printf("  ours at %s-event batches (more events after the once-run): min %s / median %s / max %s ms"
            + " over %d batches (%s rows/batch)%n",
        rate(result.settings().targetBatchEvents()), millis(targetMerge[0]), millis(targetMerge[1]),
        millis(targetMerge[2]), target.batchMillis().size(), rate(averageRows(target)));
    BenchResult.FirstPasses first = result.firstPasses();
    double bronzeFirst = first.of(BenchResult.BRONZE).perSecond();
    out.printf("  first passes (cold JVM): kafka consumer %s records/s; kafka -> bronze %s (%s of it),"
            + " bronze -> silver %s, silver -> gold %s events/s%n",
        rate(first.ceiling().perSecond()), rate(bronzeFirst), ratio(bronzeFirst / first.ceiling().perSecond()),
        rate(first.of(BenchResult.SILVER).perSecond()), rate(first.of(BenchResult.GOLD).perSecond()));
    out.println("  the JVM during our steps (wall time, CPU time, of it the JIT compilers' and the collector's):");
    result.jvm().forEach((step, activity) ->
        out.printf("    %-10s %s%n", step.replace('_', ' '), activity.describe()));
    out.printf("  lag bounded: ours %s (drained: %s)%s%n", lagBounded(result.sustained()),
        result.sustained().drained(),
        result.seedSustained().map(s -> "; seed " + lagBounded(s) + " (drained: " + s.drained() + ")").orElse(""));
  }

  private void stage(PrintStream out, String label, String stream, String seedStream, String layer,
      double ceiling, Map<String, Latencies> ours, Map<String, Latencies> seed, String target) {
    double eps = result.ours(stream).perSecond();
    Latencies latency = ours.getOrDefault(layer, Latencies.NONE);
    Latencies seedLatency = seed.getOrDefault(layer, Latencies.NONE);
    out.printf(ROW, label, rate(eps), rate(eps / result.cores()), ratio(eps / ceiling),
        millis(latency.p50()), millis(latency.p99()), target,
        result.seedOnce().isPresent() ? rate(result.seed(seedStream).perSecond()) : "-",
        millis(seedLatency.p50()), millis(seedLatency.p99()));
  }

  /** Writes the JSON document to {@code file}. */
  void writeJson(Path file) {
    try {
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), json());
    } catch (IOException e) {
      throw new UncheckedIOException("could not write " + file, e);
    }
  }

  /** The document: the keys for ours, the same under {@code baseline} for the seed's. */
  Map<String, Object> json() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("cores", result.cores());
    json.put("events", result.settings().events());
    json.put("producer_eps", number(result.produced().perSecond()));
    json.put("ceiling_eps", number(result.ceiling().perSecond()));
    json.put("ceiling_mbps", number(result.ceiling().megabytesPerSecond()));
    json.put("ceiling_first_pass_eps", number(result.firstPasses().ceiling().perSecond()));
    json.put("bronze_first_pass_eps", number(result.firstPasses().of(BenchResult.BRONZE).perSecond()));
    json.put("silver_first_pass_eps", number(result.firstPasses().of(BenchResult.SILVER).perSecond()));
    json.put("gold_first_pass_eps", number(result.firstPasses().of(BenchResult.GOLD).perSecond()));
    json.put("sustained_rate_eps", result.settings().rate());
    json.put("sustained_seconds", result.settings().duration().toSeconds());
    json.putAll(layers(
        result.ours(BenchResult.BRONZE), result.ours(BenchResult.SILVER), result.ours(BenchResult.GOLD),
        Optional.of(result.sustained())));
    LayerFigures target = result.goldAtTargetBatch();
    double[] targetMerge = target.batchMillisMinMedianMax();
    json.put("merge_ms_target_batch", Map.of("events_per_batch", result.settings().targetBatchEvents(),
        "min", number(targetMerge[0]), "median", number(targetMerge[1]), "max", number(targetMerge[2]),
        "batches", target.batchMillis().size(), "rows_per_batch", number(averageRows(target))));
    Map<String, Object> jvm = new LinkedHashMap<>();
    result.jvm().forEach((step, activity) -> jvm.put(step, Map.of("wall_ms", activity.wallMillis(),
        "cpu_ms", activity.cpuMillis(), "jit_cpu_ms", activity.jitCpuMillis(), "gc_cpu_ms", activity.gcCpuMillis())));
    json.put("jvm", jvm);
    result.seedOnce().ifPresent(
        seed -> json.put("baseline", layers(result.seed(SeedPipeline.BRONZE), result.seed(SeedPipeline.SILVER),
            result.seed(SeedPipeline.GOLD), result.seedSustained())));
    return json;
  }

  private static Map<String, Object> layers(LayerFigures bronze, LayerFigures silver, LayerFigures gold,
      Optional<SustainedRun.Outcome> sustained) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("bronze_eps", number(bronze.perSecond()));
    json.put("silver_eps", number(silver.perSecond()));
    json.put("gold_eps", number(gold.perSecond()));
    double[] merge = gold.batchMillisMinMedianMax();
    json.put("merge_ms_median", number(merge[1]));
    json.put("merge_ms", Map.of("min", number(merge[0]), "median", number(merge[1]), "max", number(merge[2]),
        "batches", gold.batchMillis().size(), "rows_per_batch", number(averageRows(gold))));
    Map<String, Object> latency = new LinkedHashMap<>();
    sustained.ifPresent(run -> run.latencies().forEach((layer, l) -> latency.put(layer, Map.of(
        "p50", number(l.p50()), "p95", number(l.p95()), "p99", number(l.p99()), "events", l.events()))));
    json.put("latency_ms", latency);
    json.put("lag_bounded", sustained.map(BenchReport::bounded).orElse(null));
    json.put("drained", sustained.map(SustainedRun.Outcome::drained).orElse(null));
    return json;
  }

  private static boolean bounded(SustainedRun.Outcome run) {
    return run.drained() && run.latencies().values().stream().allMatch(Latencies::bounded);
  }

  private static String lagBounded(SustainedRun.Outcome run) {
    return bounded(run) ? "yes" : "NO";
  }

  private static double averageRows(LayerFigures figures) {
    List<Long> rows = figures.batchRows();
    return rows.isEmpty() ? Double.NaN : rows.stream().mapToLong(Long::longValue).average().orElse(0);
  }

  private static Object number(double value) {
    return Double.isNaN(value) || Double.isInfinite(value) ? null : Math.round(value * 10) / 10.0;
  }

  private static String rate(double value) {
    return Double.isNaN(value) ? "-" : String.format("%,.0f", value);
  }

  private static String ratio(double value) {
    return Double.isNaN(value) || Double.isInfinite(value) ? "-" : String.format("%.2f", value);
  }

  private static String millis(double value) {
    return Double.isNaN(value) ? "-" : String.format("%,.0f", value);
  }
}
