package dev.medallion.silver;

import static dev.medallion.testing.EventFixture.event;
import static org.assertj.core.api.Assertions.assertThat;

import dev.medallion.ops.TableLocations;
import dev.medallion.quality.Accounting;
import dev.medallion.quality.AccountingCheck;
import dev.medallion.spec.PipelineSpec;
import dev.medallion.testing.MutableClock;
import dev.medallion.testing.SharedSpark;
import dev.medallion.testing.TestPipelines;
import dev.medallion.testing.TopicWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kafka -> bronze -> silver end to end on a real broker, Spark and Delta: clean events, every kind
 * of dirty record, duplicates within and across micro-batches, and old-but-valid events whose
 * duplicates arrive days later.
 */
class BronzeToSilverIT {
  private static final Instant T0 = Instant.parse("2026-11-20T12:00:00Z");
  private static final String CUSTOMER_RULE = "customer_id_format: customer_id must match [0-9]{10}";
  private static final String TIME_RULE =
      "event_time_range: event_time must be at most 30d before and 0s after ingestion_timestamp";

  @TempDir Path home;

  @Test
  void everyBronzeRecordEndsInSilverQuarantineOrTheDuplicateCount() {
    PipelineSpec spec = TestPipelines.seedOnFreshTopics(1_000_000);
    String topic = spec.sources().get("events").topic();
    MutableClock clock = new MutableClock(T0);

    String e1 = event().id("e1").customer("001-234-5678").type("purchase").at("2026-11-20T11:00:00Z").amount("10.00").json();
    String e2 = event().id("e2").customer("0000000002").type("Page_View").at("2026-11-20T10:00:00Z").json();
    String e3 = event().id("e3").customer("0000000003").type("search").at("2026-10-31T12:00:00Z").json();
    TopicWriter.write(
        topic,
        2,
        List.of(
            bytes(e1),
            bytes(e2),
            bytes(e3),
            bytes("{\"event_id\": \"x1\", \"customer_id\""),
            event().id("x2").without("customer_id").bytes(),
            event().id("x3").customer("12345").bytes(),
            event().id("x4").at("2026-11-20T13:00:00Z").bytes(),
            event().id("x5").at("2026-10-19T12:00:00Z").bytes(),
            new byte[] {(byte) 0xC3, 0x28, (byte) 0xFF, (byte) 0xFE},
            bytes(e1),
            event().id("x7").customer("ABC").at("2026-11-21T00:00:00Z").bytes()));
    TestPipelines.runOnce(spec, home, clock);

    clock.advance(Duration.ofDays(5));
    String e4 = event().id("e4").customer("0000000004").type("LOGIN").at("2026-11-25T11:59:00Z").json();
    String e5 = event().id("e5").customer("0000000005").type("purchase").at("2026-10-27T12:00:00Z").amount("7.25").json();
    TopicWriter.write(topic, 2, List.of(bytes(e3), bytes(e2), bytes(e4), bytes(e5)));
    TestPipelines.runOnce(spec, home, clock);

    TableLocations locations = TestPipelines.locations(home, spec);
    assertThat(silverRows(locations))
        .containsExactly(
            "e1|0012345678|PURCHASE|2026-11-20 11:00:00.0|{amount=10.00}",
            "e2|0000000002|PAGE_VIEW|2026-11-20 10:00:00.0|{}",
            "e3|0000000003|SEARCH|2026-10-31 12:00:00.0|{}",
            "e4|0000000004|LOGIN|2026-11-25 11:59:00.0|{}",
            "e5|0000000005|PURCHASE|2026-10-27 12:00:00.0|{amount=7.25}");
    assertThat(quarantineReasons(locations))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "{\"event_id\": \"x1\", \"customer_id\"",
                List.of("malformed payload: not a JSON object matching the declared schema"),
                event().id("x2").without("customer_id").json(),
                List.of("missing required field 'customer_id'"),
                event().id("x3").customer("12345").json(),
                List.of(CUSTOMER_RULE),
                event().id("x4").at("2026-11-20T13:00:00Z").json(),
                List.of(TIME_RULE),
                event().id("x5").at("2026-10-19T12:00:00Z").json(),
                List.of(TIME_RULE),
                new String(new byte[] {(byte) 0xC3, 0x28, (byte) 0xFF, (byte) 0xFE}, StandardCharsets.ISO_8859_1),
                List.of("payload is not valid UTF-8 text"),
                event().id("x7").customer("ABC").at("2026-11-21T00:00:00Z").json(),
                List.of(CUSTOMER_RULE, TIME_RULE)));

    Accounting accounting =
        new AccountingCheck(SharedSpark.session(), locations).of(spec.silver().get("events"));
    assertThat(accounting.bronze()).isEqualTo(15);
    assertThat(accounting.silver()).isEqualTo(5);
    assertThat(accounting.quarantined()).isEqualTo(7);
    assertThat(accounting.duplicates()).isEqualTo(3);
    assertThat(accounting.holds()).isTrue();
    assertThat(accounting.pending()).isZero();
    assertThat(accounting.unfinished()).isZero();

    // a later batch stopped after its quarantine commit, before its metrics row: written, not counted
    String quarantine = locations.table("silver.events_quarantine");
    SharedSpark.session().read().format("delta").load(quarantine).limit(1)
        .withColumn("quarantined_at", org.apache.spark.sql.functions.expr("quarantined_at + INTERVAL 30 DAYS"))
        .write().format("delta").mode("append").save(quarantine);
    Accounting stopped =
        new AccountingCheck(SharedSpark.session(), locations).of(spec.silver().get("events"));
    assertThat(stopped.quarantined()).isEqualTo(7);
    assertThat(stopped.unfinished()).isEqualTo(1);
    assertThat(stopped.holds()).isTrue();
    assertThat(stopped.describe()).contains("1 rows of a batch stopped midway");
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static List<String> silverRows(TableLocations locations) {
    return SharedSpark.session().read().format("delta").load(locations.table("silver.events"))
        .orderBy("event_id").collectAsList().stream()
        .map(
            row ->
                String.join(
                    "|",
                    row.<String>getAs("event_id"),
                    row.<String>getAs("customer_id"),
                    row.<String>getAs("event_type"),
                    String.valueOf(row.<Object>getAs("event_time")),
                    new TreeMap<>(row.<Object, Object>getJavaMap(row.fieldIndex("properties"))).toString()))
        .collect(Collectors.toList());
  }

  /** Payload (bytes read as Latin-1 when not UTF-8) to reasons. */
  private static Map<String, List<String>> quarantineReasons(TableLocations locations) {
    Map<String, List<String>> reasons = new TreeMap<>();
    for (Row row :
        SharedSpark.session().read().format("delta").load(locations.table("silver.events_quarantine"))
            .selectExpr("CAST(event_data AS BINARY) AS payload", "reasons").collectAsList()) {
      byte[] payload = row.getAs("payload");
      String text = new String(payload, StandardCharsets.UTF_8);
      if (!java.util.Arrays.equals(text.getBytes(StandardCharsets.UTF_8), payload)) {
        text = new String(payload, StandardCharsets.ISO_8859_1);
      }
      reasons.put(text, row.getList(row.fieldIndex("reasons")));
    }
    return reasons;
  }
}
