package dev.medallion.cli;

import dev.medallion.bench.Bench;
import dev.medallion.bench.BenchSettings;
import dev.medallion.bench.PipelineRunners;
import dev.medallion.ops.LocalFolders;
import dev.medallion.ops.MedallionHome;
import dev.medallion.quality.SparkSqlChecker;
import dev.medallion.spec.PipelineSpec;
import dev.medallion.spec.SpecLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code medallion bench}: the pipeline measured against its own ceiling and the seed's pipeline. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Measure the pipeline: records/s per layer against a plain Kafka consumer, latency at a"
          + " sustained rate, and the seed's pipeline as written beside it.",
      "%nRuns on the embedded broker and the built-in seed spec in a fresh folder (deleted"
          + " afterwards unless --keep). The full bench takes about 11 minutes on two cores; --quick about two.",
      "%nSteps: produce --events; read them twice with a plain consumer (the second pass is the"
          + " ceiling); run each layer once over them, twice (the first pass, into tables of its own,"
          + " warms the JVM up; the second is measured); run the pipeline at --rate for --duration and measure each event's"
          + " latency from its Kafka timestamp to its commit in bronze, silver and gold; run the"
          + " seed's pipeline the same ways; print a table (and --json)."
    })
final class BenchCommand implements Callable<Integer> {
  @Option(names = "--events", description = "Events for the once-runs (default: 2,000,000).")
  Long events;

  @Option(names = "--rate", description = "Events per second of the sustained run (default: 20,000).")
  Long rate;

  @Option(
      names = "--duration",
      description = "Length of the sustained run (default: 120s).",
      converter = DurationConverter.class)
  Duration duration;

  @Option(names = "--quick", description = "A small bench for smoke checks (about two minutes).")
  boolean quick;

  @Option(names = "--no-baseline", description = "Skip the seed's pipeline.")
  boolean noBaseline;

  @Option(names = "--json", paramLabel = "FILE", description = "Also write the figures as JSON.")
  Path json;

  @Option(names = "--dir", paramLabel = "DIR", description = "Folder for the bench's broker and tables (default: a new temporary one).")
  Path dir;

  @Option(names = "--keep", description = "Keep the bench's folder afterwards.")
  boolean keep;

  @Override
  public Integer call() throws Exception {
    BenchSettings settings = settings();
    Path root = dir != null ? dir : Files.createTempDirectory("medallion-bench-");
    if (dir != null && Files.isDirectory(dir)) {
      try (Stream<Path> entries = Files.list(dir)) {
        if (entries.findAny().isPresent()) {
          System.err.println("medallion: bench needs a fresh folder; " + dir + " is not empty.");
          return 2;
        }
      }
    }
    PipelineSpec spec = SpecLoader.loadDefault(new SparkSqlChecker());
    System.out.println("bench: folder " + root);
    try (Environment environment =
        new Environment(new MedallionHome(root), spec, new KafkaOptions(), System.out)) {
      environment.startSparkInBackground();
      var kafka = environment.kafka();
      var spark = environment.spark();
      PipelineRunners runners =
          (scenario, metrics) ->
              PipelineAssembly.runner(
                  spark, scenario.spec(), kafka, scenario.locations(), metrics, Clock.systemUTC());
      new Bench(spark, kafka, spec, runners, System.out).run(settings, root, Optional.ofNullable(json));
    } finally {
      if (!keep) {
        LocalFolders.delete(root);
      }
    }
    return 0;
  }

  private BenchSettings settings() {
    BenchSettings base = quick ? BenchSettings.quick() : BenchSettings.of(
        BenchSettings.DEFAULT_EVENTS, BenchSettings.DEFAULT_RATE, BenchSettings.DEFAULT_DURATION, true);
    Duration run = duration != null ? duration : base.duration();
    Duration drain = duration != null ? Duration.ofSeconds(Math.max(60, run.toSeconds() / 2)) : base.drainTimeout();
    return new BenchSettings(
        events != null ? events : base.events(),
        rate != null ? rate : base.rate(),
        run,
        drain,
        !noBaseline && base.baseline(),
        !noBaseline && base.sustainedBaseline());
  }
}
