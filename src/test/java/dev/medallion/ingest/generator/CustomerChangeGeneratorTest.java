package dev.medallion.ingest.generator;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

class CustomerChangeGeneratorTest {
  private static final Instant NOW = Instant.parse("2026-11-25T10:00:00.123Z");
  private static final int CUSTOMERS = 500;
  private static final int CHANGES = 20_000;
  private static final List<CustomerChangeRecord> RECORDS =
      generate(new CustomerFeedOptions(CUSTOMERS, CHANGES, 10, 17, NOW));
  private static final List<Change> PARSED = RECORDS.stream().map(Change::of).toList();

  /** One parsed customer record. */
  private record Change(
      int customer, List<String> attributes, Instant effectiveTime, CustomerChangeKind kind) {
    static Change of(CustomerChangeRecord record) {
      JsonNode value = SilverRules.parse(record.value());
      assertThat(value.get("customer_id").asText()).isEqualTo(new String(record.key(), UTF_8));
      return new Change(
          Integer.parseInt(value.get("customer_id").asText()),
          List.of(
              value.get("customer_name").asText(),
              value.get("customer_tier").asText(),
              value.get("email").asText()),
          Instant.parse(value.get("effective_time").asText()),
          record.kind());
    }
  }

  @Test
  void createsEveryCustomerFirstBeforeEveryValidEvent() {
    for (int customer = 1; customer <= CUSTOMERS; customer++) {
      Change creation = PARSED.get(customer - 1);
      assertThat(creation.kind()).isEqualTo(CustomerChangeKind.CREATE);
      assertThat(creation.customer()).isEqualTo(customer);
      assertThat(creation.effectiveTime())
          .isBetween(NOW.minus(Duration.ofDays(45)), NOW.minus(Duration.ofDays(30)));
      assertThat(creation.attributes().get(1)).isIn("BRONZE", "SILVER", "GOLD", "PLATINUM");
    }
    assertThat(RECORDS.subList(CUSTOMERS, RECORDS.size()))
        .extracting(CustomerChangeRecord::kind)
        .doesNotContain(CustomerChangeKind.CREATE);
  }

  @Test
  void eachKindRelatesToTheRecordsEmittedBeforeIt() {
    Map<Integer, List<Change>> emitted = new HashMap<>();
    for (Change change : PARSED) {
      List<Change> earlier = emitted.computeIfAbsent(change.customer(), c -> new ArrayList<>());
      if (change.kind() != CustomerChangeKind.CREATE) {
        Change creation = earlier.get(0);
        Change latest = earlier.stream().max(Comparator.comparing(Change::effectiveTime)).get();
        assertThat(creation.kind()).isEqualTo(CustomerChangeKind.CREATE);
        switch (change.kind()) {
          case CHANGE -> {
            assertThat(change.effectiveTime()).isAfter(latest.effectiveTime());
            assertThat(change.attributes()).isNotEqualTo(latest.attributes());
            assertThat(differences(change.attributes(), latest.attributes())).isEqualTo(1);
          }
          case UNCHANGED_REPEAT -> {
            assertThat(change.effectiveTime()).isAfter(latest.effectiveTime());
            assertThat(change.attributes()).isEqualTo(latest.attributes());
          }
          case OUT_OF_ORDER_CHANGE ->
              assertThat(change.effectiveTime())
                  .isAfter(creation.effectiveTime())
                  .isBefore(latest.effectiveTime());
          default -> throw new AssertionError("unexpected " + change);
        }
      }
      earlier.add(change);
    }
  }

  @Test
  void kindsSayHowManyVersionsAnScd2DimensionGets() {
    Map<Integer, List<Change>> byCustomer = new HashMap<>();
    PARSED.forEach(
        change ->
            byCustomer.computeIfAbsent(change.customer(), c -> new ArrayList<>()).add(change));
    for (List<Change> changes : byCustomer.values()) {
      long opening = changes.stream().filter(change -> change.kind().opensVersion()).count();
      List<Change> sorted =
          changes.stream().sorted(Comparator.comparing(Change::effectiveTime)).toList();
      long versions = 0;
      List<String> current = null;
      for (Change change : sorted) {
        if (!change.attributes().equals(current)) {
          versions++;
          current = change.attributes();
        }
      }
      assertThat(versions).isEqualTo(opening);
      assertThat(sorted).extracting(Change::effectiveTime).doesNotHaveDuplicates();
    }
  }

  @Test
  void mixesKindsAtTheDocumentedRatesAndSummarizesThem() {
    CustomerChangeGenerator generator =
        new CustomerChangeGenerator(new CustomerFeedOptions(CUSTOMERS, CHANGES, 10, 17, NOW));
    generator.forEachRemaining(record -> {});

    GenerationSummary<CustomerChangeKind> summary = generator.summary();

    assertThat(summary.total()).isEqualTo(CUSTOMERS + CHANGES);
    assertThat(summary.count(CustomerChangeKind.CREATE)).isEqualTo(CUSTOMERS);
    assertThat(summary.count(CustomerChangeKind.OUT_OF_ORDER_CHANGE) / (double) CHANGES)
        .isBetween(0.04, 0.06);
    assertThat(summary.count(CustomerChangeKind.UNCHANGED_REPEAT) / (double) CHANGES)
        .isBetween(0.06, 0.08);
    for (CustomerChangeKind kind : CustomerChangeKind.values()) {
      assertThat(RECORDS.stream().filter(record -> record.kind() == kind).count())
          .isEqualTo(summary.count(kind));
    }
  }

  @Test
  void someCustomersChangeSeveralTimesWithinSeconds() {
    int bursts = 0;
    for (int i = CUSTOMERS + 1; i < RECORDS.size(); i++) {
      Change previous = PARSED.get(i - 1);
      Change change = PARSED.get(i);
      if (previous.customer() == change.customer()
          && change.kind() == CustomerChangeKind.CHANGE
          && Duration.between(previous.effectiveTime(), change.effectiveTime()).toMillis()
              <= 1_000) {
        bursts++;
      }
    }
    assertThat(bursts).isGreaterThan(CHANGES / 10);
  }

  @Test
  void sameSeedAndNowGiveIdenticalBytes() {
    CustomerFeedOptions options = new CustomerFeedOptions(50, 2_000, 10, 3, NOW);

    assertThat(generate(options)).isEqualTo(generate(options));
    assertThat(generate(options))
        .isNotEqualTo(generate(new CustomerFeedOptions(50, 2_000, 10, 4, NOW)));
  }

  @Test
  void nextDueInterleavesOneChangePerEventsPerChange() {
    CustomerChangeGenerator generator =
        new CustomerChangeGenerator(new CustomerFeedOptions(10, 5, 100, 1, NOW));

    assertThat(generator.nextDue(0))
        .hasSize(10)
        .extracting(CustomerChangeRecord::kind)
        .containsOnly(CustomerChangeKind.CREATE);
    assertThat(generator.nextDue(99)).isEmpty();
    assertThat(generator.nextDue(250)).hasSize(2);
    assertThat(generator.nextDue(250)).isEmpty();
    assertThat(generator.nextDue(10_000)).hasSize(3);
    assertThat(generator.hasNext()).isFalse();
    assertThatThrownBy(generator::next)
        .isInstanceOf(NoSuchElementException.class)
        .hasMessage("all 10 customers and 5 changes were generated");
  }

  @Test
  void clockGivesEachRecordItsOwnNow() {
    Instant[] clock = {NOW};
    CustomerChangeGenerator generator =
        new CustomerChangeGenerator(
            new CustomerFeedOptions(3, 20, 1, 1, Instant.EPOCH),
            () -> clock[0] = clock[0].plus(Duration.ofMinutes(1)));

    List<Change> changes = new ArrayList<>();
    generator.forEachRemaining(record -> changes.add(Change.of(record)));

    for (Change change : changes.subList(3, changes.size())) {
      if (change.kind() != CustomerChangeKind.OUT_OF_ORDER_CHANGE) {
        assertThat(change.effectiveTime()).isAfter(NOW);
      }
    }
  }

  private static int differences(List<String> first, List<String> second) {
    int differences = 0;
    for (int i = 0; i < first.size(); i++) {
      differences += first.get(i).equals(second.get(i)) ? 0 : 1;
    }
    return differences;
  }

  private static List<CustomerChangeRecord> generate(CustomerFeedOptions options) {
    List<CustomerChangeRecord> records = new ArrayList<>();
    new CustomerChangeGenerator(options).forEachRemaining(records::add);
    return records;
  }
}
