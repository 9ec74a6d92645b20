package dev.medallion.exactlyonce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.medallion.ingest.generator.CustomerChangeRecord;
import dev.medallion.ingest.generator.GeneratedRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What gold must hold, computed from the test's own input records without Spark or the pipeline:
 * the valid events (kinds CLEAN and LATE) deduplicated by event id, aggregated at each fact's
 * grain, and each customer's SCD2 history from its records ordered by effective time. Rows are
 * rendered as {@code |}-separated text, as {@link GoldContents} renders the tables.
 */
final class ExpectedGold {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One valid event as silver standardizes it. */
  record Event(String id, String customer, String type, Instant time, Optional<BigDecimal> amount) {
    LocalDate date() {
      return LocalDate.ofInstant(time, ZoneOffset.UTC);
    }

    boolean isPurchase() {
      return type.equals("PURCHASE");
    }
  }

  /** One version of a customer: its attributes from {@code start}. */
  record Version(String customer, String name, String tier, Instant start) {
    boolean sameAttributes(Version other) {
      return name.equals(other.name) && tier.equals(other.tier);
    }
  }

  private final List<Event> events;
  private final Map<String, List<Version>> histories;

  ExpectedGold(List<GeneratedRecord> eventRecords, List<CustomerChangeRecord> customerRecords) {
    Map<String, Event> unique = new LinkedHashMap<>();
    for (GeneratedRecord record : eventRecords) {
      if (record.kind().isValid()) {
        Event event = event(record.value());
        unique.putIfAbsent(event.id(), event);
      }
    }
    this.events = List.copyOf(unique.values());
    this.histories = histories(customerRecords);
  }

  /** The valid events, one per event id. */
  List<Event> events() {
    return events;
  }

  long purchaseCount() {
    return events.stream().filter(Event::isPurchase).count();
  }

  BigDecimal revenue() {
    return events.stream()
        .map(e -> e.amount().orElse(BigDecimal.ZERO))
        .reduce(BigDecimal.ZERO, BigDecimal::add);
  }

  /**
   * {@code event_date|customer_id|event_type|event_count|unique_events|first_event_time|last_event_time}
   * per row of gold.fact_events, sorted.
   */
  List<String> factEvents() {
    Map<String, List<Event>> byGrain =
        events.stream()
            .collect(
                Collectors.groupingBy(
                    e -> e.date() + "|" + e.customer() + "|" + e.type(), TreeMap::new, Collectors.toList()));
    List<String> rows = new ArrayList<>();
    byGrain.forEach(
        (grain, group) ->
            rows.add(
                String.join(
                    "|",
                    grain,
                    String.valueOf(group.size()),
                    String.valueOf(group.size()),
                    group.stream().map(Event::time).min(Comparator.naturalOrder()).orElseThrow().toString(),
                    group.stream().map(Event::time).max(Comparator.naturalOrder()).orElseThrow().toString())));
    return rows;
  }

  /**
   * {@code customer_tier|event_date|customer_id|event_count|purchase_count|total_revenue} per row
   * of gold.fact_customer_metrics, sorted: every customer is created by the end of the feed, so
   * each row carries its customer's current tier.
   */
  List<String> factCustomerMetrics() {
    Map<String, List<Event>> byGrain =
        events.stream()
            .collect(
                Collectors.groupingBy(
                    e -> currentTier(e.customer()) + "|" + e.date() + "|" + e.customer(),
                    TreeMap::new,
                    Collectors.toList()));
    List<String> rows = new ArrayList<>();
    byGrain.forEach(
        (grain, group) -> {
          List<Event> purchases = group.stream().filter(Event::isPurchase).toList();
          String revenue =
              purchases.isEmpty()
                  ? "null"
                  : purchases.stream()
                      .map(e -> e.amount().orElseThrow())
                      .reduce(BigDecimal.ZERO, BigDecimal::add)
                      .setScale(2)
                      .toPlainString();
          rows.add(String.join("|", grain, String.valueOf(group.size()), String.valueOf(purchases.size()), revenue));
        });
    return rows;
  }

  /**
   * {@code customer_id|customer_name|customer_tier|start_date|end_date|is_current} per row of
   * gold.dim_customer, sorted: consecutive records with the same attributes are one version, each
   * version ends where the next starts, the last is current.
   */
  List<String> dimCustomer() {
    List<String> rows = new ArrayList<>();
    histories.forEach(
        (customer, versions) -> {
          for (int i = 0; i < versions.size(); i++) {
            Version version = versions.get(i);
            boolean current = i == versions.size() - 1;
            rows.add(
                String.join(
                    "|",
                    customer,
                    version.name(),
                    version.tier(),
                    version.start().toString(),
                    current ? "null" : versions.get(i + 1).start().toString(),
                    String.valueOf(current)));
          }
        });
    rows.sort(Comparator.naturalOrder());
    return rows;
  }

  /** The customers created, by id. */
  List<String> customers() {
    return List.copyOf(histories.keySet());
  }

  private String currentTier(String customer) {
    List<Version> versions = Objects.requireNonNull(histories.get(customer), customer);
    return versions.get(versions.size() - 1).tier();
  }

  private static Map<String, List<Version>> histories(List<CustomerChangeRecord> records) {
    Map<String, List<Version>> byCustomer = new TreeMap<>();
    for (CustomerChangeRecord record : records) {
      JsonNode node = parse(record.value());
      String customer = node.get("customer_id").asText().replaceAll("[^0-9]", "");
      byCustomer
          .computeIfAbsent(customer, c -> new ArrayList<>())
          .add(
              new Version(
                  customer,
                  node.get("customer_name").asText(),
                  node.get("customer_tier").asText().toUpperCase(Locale.ROOT),
                  Instant.parse(node.get("effective_time").asText())));
    }
    Map<String, List<Version>> histories = new TreeMap<>();
    byCustomer.forEach(
        (customer, all) -> {
          all.sort(Comparator.comparing(Version::start));
          List<Version> versions = new ArrayList<>();
          for (Version version : all) {
            if (versions.isEmpty() || !versions.get(versions.size() - 1).sameAttributes(version)) {
              versions.add(version);
            }
          }
          histories.put(customer, versions);
        });
    return histories;
  }

  private static Event event(byte[] value) {
    JsonNode node = parse(value);
    String type = node.get("event_type").asText().toUpperCase(Locale.ROOT);
    JsonNode amount = node.path("properties").path("amount");
    return new Event(
        node.get("event_id").asText(),
        node.get("customer_id").asText().replaceAll("[^0-9]", ""),
        type,
        Instant.parse(node.get("event_time").asText()),
        type.equals("PURCHASE") && amount.isTextual()
            ? Optional.of(new BigDecimal(amount.asText()))
            : Optional.empty());
  }

  private static JsonNode parse(byte[] value) {
    try {
      return JSON.readTree(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
