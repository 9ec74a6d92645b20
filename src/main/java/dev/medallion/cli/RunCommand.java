package dev.medallion.cli;

import dev.medallion.ops.PipelineMetrics;
import dev.medallion.ops.PipelineRunner;
import dev.medallion.ops.SparkLogs;
import dev.medallion.ops.StreamTimings;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code medallion run}: runs the pipeline of a spec, once or continuously. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Run the pipeline of a spec: Kafka -> bronze -> silver -> gold.",
      "%n--once processes everything available and exits; without it the pipeline runs until"
          + " Ctrl-C, and the next run resumes where it stopped."
    })
final class RunCommand implements Callable<Integer> {
  @Mixin HomeOptions homeOptions;
  @Mixin SpecOptions specOptions;
  @Mixin KafkaOptions kafkaOptions;

  @Option(names = "--once", description = "Process what is available now, then exit.")
  boolean once;

  @Option(
      names = "--progress-every",
      defaultValue = "5s",
      description = "Interval of progress lines (default: ${DEFAULT-VALUE}).",
      converter = DurationConverter.class)
  Duration progressEvery;

  @Override
  public Integer call() {
    try (Environment environment =
            new Environment(homeOptions.home(), specOptions.load(), kafkaOptions, System.out)) {
      environment.startSparkInBackground();
      PipelineMetrics metrics = new PipelineMetrics(environment.locations());
      long started = System.nanoTime();
      try (PipelineRunner runner =
              PipelineAssembly.runner(
                  environment.spark(),
                  environment.spec(),
                  environment.kafka(),
                  environment.locations(),
                  metrics,
                  Clock.systemUTC());
          ProgressPrinter progress = new ProgressPrinter(metrics, System.out, progressEvery, () -> runner.startingStatus())) {
        progress.start();
        if (once) {
          runner.runOnce();
          runner.queries().forEach(query -> System.out.println("run: " + StreamTimings.describe(query)));
        } else {
          StopBeforeSpark.register(
              () -> {
                SparkLogs.silence();
                runner.close();
              });
          System.out.println("run: pipeline running; Ctrl-C stops it (the next run resumes).");
          runner.runContinuously();
        }
        progress.printNow();
      }
      System.out.printf(
          "run: done in %.1f s. See `medallion status` for the tables and the invariant.%n",
          (System.nanoTime() - started) / 1e9);
      return 0;
    }
  }
}
