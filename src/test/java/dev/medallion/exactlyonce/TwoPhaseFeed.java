package dev.medallion.exactlyonce;

import static org.assertj.core.api.Assertions.assertThat;

import dev.medallion.ingest.broker.KafkaTopics;
import dev.medallion.ingest.broker.RecordPublisher;
import dev.medallion.ingest.generator.CustomerChangeGenerator;
import dev.medallion.ingest.generator.CustomerChangeKind;
import dev.medallion.ingest.generator.CustomerChangeRecord;
import dev.medallion.ingest.generator.CustomerFeedOptions;
import dev.medallion.ingest.generator.EventGenerator;
import dev.medallion.ingest.generator.GeneratedRecord;
import dev.medallion.ingest.generator.GeneratorOptions;
import dev.medallion.spec.SpecLoader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.UUID;

/**
 * The test's input, on fresh topics of one broker, in two phases. Phase one creates customers 1
 * to {@value #EARLY_CUSTOMERS} and brings events of all {@value #CUSTOMERS}: the events of the
 * others are late-arriving members, attributed to the unknown member until phase two creates them.
 * Phase two brings the rest of the events and of the customer changes. Every generated record is
 * published exactly once, so the expectations cover the whole feed.
 */
final class TwoPhaseFeed {
  static final int CUSTOMERS = 120;
  static final int EARLY_CUSTOMERS = 100;
  private static final int EVENTS = 3000;
  private static final int CHANGES = 150;
  private static final double DIRTY_FRACTION = 0.1;

  private final String bootstrap;
  private final String eventsTopic;
  private final String customersTopic;
  private final List<GeneratedRecord> events = new ArrayList<>();
  private final List<CustomerChangeRecord> customers = new ArrayList<>();
  private final List<CustomerChangeRecord> earlyCustomers = new ArrayList<>();
  private final List<CustomerChangeRecord> lateCustomers = new ArrayList<>();

  /** Generates the feed, relative to the wall clock (silver's freshness rule uses it too). */
  TwoPhaseFeed(String bootstrap, long seed) {
    this.bootstrap = bootstrap;
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    this.eventsTopic = "exactly-once-events-" + suffix;
    this.customersTopic = "exactly-once-customers-" + suffix;
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    new EventGenerator(new GeneratorOptions(EVENTS, CUSTOMERS, DIRTY_FRACTION, seed, now))
        .forEachRemaining(events::add);
    new CustomerChangeGenerator(new CustomerFeedOptions(CUSTOMERS, CHANGES, 1, seed, now))
        .forEachRemaining(customers::add);
    int changesSeen = 0;
    for (CustomerChangeRecord record : customers) {
      boolean early = customerNumber(record) <= EARLY_CUSTOMERS;
      if (record.kind() != CustomerChangeKind.CREATE && changesSeen++ >= CHANGES / 2) {
        early = false;
      }
      (early ? earlyCustomers : lateCustomers).add(record);
    }
    KafkaTopics.ensureTopic(bootstrap, new HashMap<>(), eventsTopic, 2);
    KafkaTopics.ensureTopic(bootstrap, new HashMap<>(), customersTopic, 1);
  }

  /** Every event record generated, in publishing order. */
  List<GeneratedRecord> events() {
    return List.copyOf(events);
  }

  /** Every customer record generated. */
  List<CustomerChangeRecord> customers() {
    return List.copyOf(customers);
  }

  /** Publishes the first half of the events and the early customers' records. */
  void publishFirstPhase() {
    publish(events.subList(0, EVENTS / 2), earlyCustomers);
  }

  /** Publishes the rest: the second half of the events, the late customers and later changes. */
  void publishSecondPhase() {
    publish(events.subList(EVENTS / 2, EVENTS), lateCustomers);
  }

  /**
   * Writes the seed spec reading this feed's topics. Its micro-batches are left as the seed has
   * them: each phase is one batch per stream, which keeps a run short on a small machine; the
   * crashes happen in the second, on tables holding the first.
   */
  Path writeSpec(Path folder) {
    String seed;
    try (InputStream in = TwoPhaseFeed.class.getResourceAsStream(SpecLoader.DEFAULT_SPEC_RESOURCE)) {
      seed = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String spec = replaceOnce(seed, "topic: events.raw.v1", "topic: " + eventsTopic);
    spec = replaceOnce(spec, "topic: customers.raw.v1", "topic: " + customersTopic);
    try {
      return Files.writeString(folder.resolve("exactly-once.yaml"), spec, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The customer number (1 to {@value #CUSTOMERS}) a customer record is about. */
  static int customerNumber(CustomerChangeRecord record) {
    return Integer.parseInt(new String(record.key(), StandardCharsets.UTF_8));
  }

  private void publish(List<GeneratedRecord> eventRecords, List<CustomerChangeRecord> customerRecords) {
    try (RecordPublisher publisher = RecordPublisher.open(bootstrap, new HashMap<>())) {
      for (GeneratedRecord record : eventRecords) {
        publisher.send(eventsTopic, record.key(), record.value());
      }
      for (CustomerChangeRecord record : customerRecords) {
        publisher.send(customersTopic, record.key(), record.value());
      }
      publisher.flush();
    }
  }

  private static String replaceOnce(String text, String target, String replacement) {
    assertThat(text).as("the seed spec").containsOnlyOnce(target);
    return text.replace(target, replacement);
  }
}
