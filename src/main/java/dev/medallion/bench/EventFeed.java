package dev.medallion.bench;

import dev.medallion.ingest.FeedProducer;
import dev.medallion.ingest.broker.KafkaTopics;
import dev.medallion.ingest.broker.Pacer;
import dev.medallion.ingest.generator.CustomerChangeGenerator;
import dev.medallion.ingest.generator.CustomerFeedOptions;
import dev.medallion.ingest.generator.EventGenerator;
import dev.medallion.ingest.generator.GeneratorOptions;
import dev.medallion.ops.KafkaEndpoint;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Publishes the bench's events: the seed's schema from the event generator (5% dirty records of
 * every kind, one customer change per hundred events), into a scenario's topics.
 */
final class EventFeed {
  static final int CUSTOMERS = 1_000;
  static final double DIRTY = 0.05;
  static final long SEED = 7;
  private static final long EVENTS_PER_CHANGE = 100;

  private final KafkaEndpoint kafka;
  private final PrintStream progress;

  EventFeed(KafkaEndpoint kafka, PrintStream progress) {
    this.kafka = kafka;
    this.progress = progress;
  }

  /** Creates the scenario's topics with the spec's partition counts. */
  void createTopics(Scenario scenario) {
    scenario
        .spec()
        .sources()
        .values()
        .forEach(
            source ->
                KafkaTopics.ensureTopic(
                    kafka.bootstrap(),
                    new LinkedHashMap<>(kafka.clientConfig()),
                    source.topic(),
                    source.partitions()));
  }

  /** Publishes {@code events} as fast as the producer goes; event times are relative to now. */
  Rate publish(Scenario scenario, long events) throws InterruptedException {
    return publish(scenario, events, SEED, Pacer.unlimited(), Optional.empty(), () -> false);
  }

  /**
   * Publishes {@code events} more, generated from {@code seed}: events of their own, not the
   * duplicates of an earlier publish's.
   */
  Rate publishMore(Scenario scenario, long events, long seed) throws InterruptedException {
    return publish(scenario, events, seed, Pacer.unlimited(), Optional.empty(), () -> false);
  }

  /**
   * Publishes at {@code eventsPerSecond} until {@code duration} has passed (or {@code stop} says
   * so), each event stamped with the time it is made, as a live feed is.
   */
  Rate publishAtRate(
      Scenario scenario, long eventsPerSecond, Duration duration, BooleanSupplier stop)
      throws InterruptedException {
    long events = Math.max(1, eventsPerSecond * duration.toSeconds());
    long deadline = System.nanoTime() + duration.toNanos();
    return publish(
        scenario,
        events,
        SEED,
        Pacer.perSecond(eventsPerSecond),
        Optional.of(Instant::now),
        () -> stop.getAsBoolean() || System.nanoTime() > deadline);
  }

  private Rate publish(
      Scenario scenario,
      long events,
      long seed,
      Pacer pacer,
      Optional<java.util.function.Supplier<Instant>> clock,
      BooleanSupplier stop)
      throws InterruptedException {
    Instant now = Instant.now();
    GeneratorOptions options = new GeneratorOptions(events, CUSTOMERS, DIRTY, seed, now);
    EventGenerator generator =
        clock.map(c -> new EventGenerator(options, c)).orElseGet(() -> new EventGenerator(options));
    Optional<CustomerChangeGenerator> customers =
        scenario.spec().sources().containsKey("customers")
            ? Optional.of(
                new CustomerChangeGenerator(
                    new CustomerFeedOptions(
                        CUSTOMERS, events / EVENTS_PER_CHANGE, EVENTS_PER_CHANGE, seed, now)))
            : Optional.empty();
    long started = System.nanoTime();
    long published =
        new FeedProducer(kafka, progress)
            .publishGenerated(
                generator,
                scenario.topic("events"),
                customers,
                customers.isPresent() ? scenario.topic("customers") : "",
                pacer,
                stop);
    return new Rate(published, 0, Duration.ofNanos(System.nanoTime() - started));
  }
}
