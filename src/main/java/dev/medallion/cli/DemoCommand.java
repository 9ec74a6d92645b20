package dev.medallion.cli;

import dev.medallion.ingest.FeedProducer;
import dev.medallion.ingest.broker.Pacer;
import dev.medallion.ingest.generator.CustomerChangeGenerator;
import dev.medallion.ingest.generator.CustomerFeedOptions;
import dev.medallion.ingest.generator.EventGenerator;
import dev.medallion.ingest.generator.GeneratorOptions;
import dev.medallion.ops.KafkaEndpoint;
import dev.medallion.ops.PipelineMetrics;
import dev.medallion.ops.PipelineRunner;
import dev.medallion.ops.SparkLogs;
import dev.medallion.spec.SourceSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code medallion demo}: everything embedded — a Kafka broker, the event generator at a steady
 * rate, and the whole pipeline in Spark local mode — with progress lines until Ctrl-C.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Run everything embedded: Kafka, an event generator and the whole pipeline.",
      "%nStarts a Kafka broker under --home, a generator of seed events (5%% dirty by default)"
          + " and the pipeline in Spark local mode, printing a progress line per table every few"
          + " seconds. Ctrl-C stops it cleanly; running it again resumes where it stopped. Query"
          + " meanwhile from another terminal: medallion sql \"SELECT count(*) FROM silver.events\""
    })
final class DemoCommand implements Callable<Integer> {
  @Mixin HomeOptions homeOptions;
  @Mixin SpecOptions specOptions;
  @Mixin KafkaOptions kafkaOptions;

  @Option(names = "--rate", defaultValue = "2000", description = "Events per second (default: ${DEFAULT-VALUE}).")
  long rate;

  @Option(names = "--dirty", defaultValue = "0.05", description = "Fraction of bad records (default: ${DEFAULT-VALUE}).")
  double dirty;

  @Option(names = "--customers", defaultValue = "1000", description = "Distinct customers (default: ${DEFAULT-VALUE}).")
  int customers;

  @Option(
      names = "--duration",
      description = "Stop by itself after this long (e.g. 2m); default: run until Ctrl-C.",
      converter = DurationConverter.class)
  Duration duration;

  @Option(
      names = "--progress-every",
      defaultValue = "5s",
      description = "Interval of progress lines (default: ${DEFAULT-VALUE}).",
      converter = DurationConverter.class)
  Duration progressEvery;

  @Override
  public Integer call() throws Exception {
    AtomicBoolean stopping = new AtomicBoolean();
    CountDownLatch stopped = new CountDownLatch(1);
    try (Environment environment =
        new Environment(homeOptions.home(), specOptions.load(), kafkaOptions, System.out)) {
      environment.startSparkInBackground();
      KafkaEndpoint kafka = environment.kafka();
      PipelineMetrics metrics = new PipelineMetrics(environment.locations());
      PipelineRunner runner =
          PipelineAssembly.runner(
              environment.spark(),
              environment.spec(),
              kafka,
              environment.locations(),
              metrics,
              Clock.systemUTC());
      StopBeforeSpark shutdown =
          StopBeforeSpark.register(
              () -> {
                stopping.set(true);
                SparkLogs.silence();
                runner.close();
                awaitQuietly(stopped);
              });
      Thread producer = startProducer(environment, kafka, stopping);
      Thread pipeline =
          new Thread(
              () -> {
                try {
                  runner.runContinuously();
                } finally {
                  stopping.set(true);
                }
              },
              "medallion-pipeline");
      try (ProgressPrinter progress = new ProgressPrinter(metrics, System.out, progressEvery, () -> runner.startingStatus())) {
        System.out.printf(
            "demo: producing %,d events/s to %s; pipeline running. Ctrl-C stops.%n",
            rate, environment.home().root());
        progress.start();
        pipeline.start();
        long deadline = duration == null ? Long.MAX_VALUE : System.nanoTime() + duration.toNanos();
        while (!stopping.get() && System.nanoTime() < deadline) {
          pipeline.join(200);
          if (!pipeline.isAlive()) {
            break;
          }
        }
        stopping.set(true);
        SparkLogs.silence();
        runner.close();
        producer.join(10_000);
        pipeline.join(30_000);
        progress.printNow();
      } finally {
        stopped.countDown();
        if (!Thread.currentThread().isInterrupted()) {
          shutdown.remove();
        }
      }
      System.out.println("demo: stopped. Run it again to resume where it stopped.");
      return 0;
    }
  }

  private Thread startProducer(Environment environment, KafkaEndpoint kafka, AtomicBoolean stopping) {
    SourceSpec events = environment.spec().sources().values().iterator().next();
    Optional<SourceSpec> customerSource =
        Optional.ofNullable(environment.spec().sources().get("customers"));
    long seed = System.nanoTime();
    Instant now = Instant.now();
    long eventsPerChange = 100;
    EventGenerator generator =
        new EventGenerator(new GeneratorOptions(Long.MAX_VALUE, customers, dirty, seed, now), Instant::now);
    Optional<CustomerChangeGenerator> customerFeed =
        customerSource.map(
            s ->
                new CustomerChangeGenerator(
                    new CustomerFeedOptions(customers, Long.MAX_VALUE, eventsPerChange, seed, now),
                    Instant::now));
    FeedProducer producer = new FeedProducer(kafka, new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
    Thread thread =
        new Thread(
            () -> {
              try {
                producer.publishGenerated(
                    generator,
                    events.topic(),
                    customerFeed,
                    customerSource.map(SourceSpec::topic).orElse(""),
                    Pacer.perSecond(rate),
                    stopping::get);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              } catch (RuntimeException e) {
                System.err.println("demo: the generator stopped: " + e.getMessage());
              }
            },
            "medallion-generator");
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(30, java.util.concurrent.TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
