package dev.medallion.cli;

import dev.medallion.ingest.FeedProducer;
import dev.medallion.ingest.broker.Pacer;
import dev.medallion.ingest.generator.CustomerChangeGenerator;
import dev.medallion.ingest.generator.CustomerFeedOptions;
import dev.medallion.ingest.generator.EventGenerator;
import dev.medallion.ingest.generator.GeneratorOptions;
import dev.medallion.spec.ErrorCode;
import dev.medallion.spec.MedallionException;
import dev.medallion.spec.SourceSpec;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code medallion produce}: the event generator, or a JSON-lines file, into Kafka. */
@Command(
    name = "produce",
    mixinStandardHelpOptions = true,
    description = {
      "Publish synthetic events (or a JSON-lines file) to Kafka.",
      "%nEvents follow the seed's schema; customer records go to the customers source's topic."
          + " With --from, each line of the file is published verbatim as one record.",
      "%nExample: medallion produce --count 100000 --dirty 0.05 --seed 7"
    })
final class ProduceCommand implements Callable<Integer> {
  @Mixin HomeOptions homeOptions;
  @Mixin SpecOptions specOptions;
  @Mixin KafkaOptions kafkaOptions;

  @Option(names = "--count", defaultValue = "100000", description = "Events to publish (default: ${DEFAULT-VALUE}).")
  long count;

  @Option(names = "--rate", defaultValue = "0", description = "Events per second; 0 = as fast as possible (default).")
  long rate;

  @Option(names = "--customers", defaultValue = "1000", description = "Distinct customers (default: ${DEFAULT-VALUE}).")
  int customers;

  @Option(
      names = "--dirty",
      defaultValue = "0",
      description = "Fraction 0..1 of bad records: malformed JSON, missing fields, bad customer ids,"
          + " future or too old timestamps, duplicates, late events, non-UTF-8 (default: ${DEFAULT-VALUE}).")
  double dirty;

  @Option(names = "--seed", defaultValue = "1", description = "Random seed; the same seed gives the same records (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--events-per-change",
      defaultValue = "100",
      description = "One customer attribute change per this many events (default: ${DEFAULT-VALUE}).")
  long eventsPerChange;

  @Option(names = "--from", paramLabel = "FILE", description = "Publish each line of this JSON-lines file verbatim instead.")
  Path from;

  @Option(names = "--source", defaultValue = "events", description = "Spec source whose topic receives the events (default: ${DEFAULT-VALUE}).")
  String source;

  @Override
  public Integer call() throws InterruptedException {
    try (Environment environment =
        new Environment(homeOptions.home(), specOptions.load(), kafkaOptions, System.out)) {
      SourceSpec events = sourceNamed(environment, source);
      FeedProducer producer = new FeedProducer(environment.kafka(), System.out);
      if (from != null) {
        producer.publishLines(from, events.topic());
        return 0;
      }
      Instant now = Instant.now();
      EventGenerator generator =
          rate > 0
              ? new EventGenerator(new GeneratorOptions(count, customers, dirty, seed, now), Instant::now)
              : new EventGenerator(new GeneratorOptions(count, customers, dirty, seed, now));
      Optional<SourceSpec> customerSource =
          Optional.ofNullable(environment.spec().sources().get("customers"));
      Optional<CustomerChangeGenerator> customerFeed =
          customerSource.map(
              s ->
                  new CustomerChangeGenerator(
                      new CustomerFeedOptions(
                          customers, count / eventsPerChange, eventsPerChange, seed, now)));
      producer.publishGenerated(
          generator,
          events.topic(),
          customerFeed,
          customerSource.map(SourceSpec::topic).orElse(""),
          rate > 0 ? Pacer.perSecond(rate) : Pacer.unlimited(),
          () -> false);
      System.out.println("produce: kinds " + generator.summary());
      customerFeed.ifPresent(feed -> System.out.println("produce: customer records " + feed.summary()));
      return 0;
    }
  }

  private static SourceSpec sourceNamed(Environment environment, String name) {
    SourceSpec spec = environment.spec().sources().get(name);
    if (spec == null) {
      throw new MedallionException(
          ErrorCode.USAGE,
          "the spec has no source '" + name + "'. Sources: "
              + String.join(", ", environment.spec().sources().keySet()) + ".");
    }
    return spec;
  }
}
