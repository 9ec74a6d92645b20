package dev.medallion.ingest;

import dev.medallion.ingest.broker.Pacer;
import dev.medallion.ingest.broker.RecordPublisher;
import dev.medallion.ingest.generator.CustomerChangeGenerator;
import dev.medallion.ingest.generator.CustomerChangeRecord;
import dev.medallion.ingest.generator.EventGenerator;
import dev.medallion.ingest.generator.GeneratedRecord;
import dev.medallion.ingest.generator.JsonLinesFile;
import dev.medallion.ops.KafkaEndpoint;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Publishes a synthetic event feed (with the customers feed interleaved) or the lines of a file to
 * Kafka, paced to a rate, printing progress every few seconds.
 */
public final class FeedProducer {
  private static final Duration PROGRESS_EVERY = Duration.ofSeconds(2);

  private final KafkaEndpoint kafka;
  private final PrintStream progress;

  public FeedProducer(KafkaEndpoint kafka, PrintStream progress) {
    this.kafka = kafka;
    this.progress = progress;
  }

  /**
   * Publishes every event of {@code events} to {@code eventsTopic} at {@code pacer}'s rate, with
   * the customer records due interleaved into {@code customersTopic}, until the generator ends or
   * {@code stop} says so. Returns the number of events published.
   */
  public long publishGenerated(
      EventGenerator events,
      String eventsTopic,
      Optional<CustomerChangeGenerator> customers,
      String customersTopic,
      Pacer pacer,
      BooleanSupplier stop)
      throws InterruptedException {
    try (RecordPublisher publisher =
        RecordPublisher.open(kafka.bootstrap(), new LinkedHashMap<>(kafka.clientConfig()))) {
      long published = 0;
      long started = System.nanoTime();
      long nextReport = started + PROGRESS_EVERY.toNanos();
      while (events.hasNext() && !stop.getAsBoolean()) {
        if (customers.isPresent()) {
          for (CustomerChangeRecord change : customers.get().nextDue(published)) {
            publisher.send(customersTopic, change.key(), change.value());
          }
        }
        pacer.acquire();
        GeneratedRecord record = events.next();
        publisher.send(eventsTopic, record.key(), record.value());
        published++;
        if ((published & 1023) == 0 && System.nanoTime() > nextReport) {
          report(published, started, eventsTopic);
          nextReport = System.nanoTime() + PROGRESS_EVERY.toNanos();
        }
      }
      publisher.flush();
      report(published, started, eventsTopic);
      return published;
    }
  }

  /** Publishes each non-empty line of {@code file} verbatim as one record; returns the count. */
  public long publishLines(Path file, String topic) {
    try (JsonLinesFile lines = JsonLinesFile.open(file);
        RecordPublisher publisher =
            RecordPublisher.open(kafka.bootstrap(), new LinkedHashMap<>(kafka.clientConfig()))) {
      long started = System.nanoTime();
      long published = 0;
      while (lines.hasNext()) {
        publisher.send(topic, null, lines.next());
        published++;
      }
      publisher.flush();
      report(published, started, topic);
      return published;
    }
  }

  private void report(long published, long startedNanos, String topic) {
    double seconds = Math.max(1e-3, (System.nanoTime() - startedNanos) / 1e9);
    progress.printf(
        "produce: %,d records to %s in %.1f s (%,.0f records/s)%n",
        published, topic, seconds, published / seconds);
  }
}
