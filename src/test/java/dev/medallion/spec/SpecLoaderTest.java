package dev.medallion.spec;

import static dev.medallion.spec.SpecFixtures.measure;
import static dev.medallion.spec.SpecFixtures.seconds;
import static dev.medallion.spec.SpecFixtures.source;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.medallion.spec.DimensionSpec.ScdType;
import dev.medallion.spec.MeasureSpec.Aggregation;
import dev.medallion.spec.SourceSpec.PayloadFormat;
import dev.medallion.spec.SourceSpec.StartingOffsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What a spec loads as: the seed spec as written, and a spec that sets every key. */
class SpecLoaderTest {
  private static final SqlChecker SQL = new FakeSqlChecker();

  @Test
  void seedSpecLoadsAsWritten() {
    PipelineSpec spec = SpecLoader.loadDefault(SQL);

    assertThat(spec.name()).isEqualTo("seed-events");
    assertThat(spec.storage()).isEqualTo(StorageSpec.underHome());
    assertThat(spec.sources())
        .containsExactly(
            entry("events", source("events", "events.raw.v1", 2)),
            entry("customers", source("customers", "customers.raw.v1", 1)));
    assertThat(spec.bronze())
        .containsExactly(
            entry("events", new BronzeTableSpec("events", "events", "kafka", seconds(1), Map.of())),
            entry(
                "customers",
                new BronzeTableSpec("customers", "customers", "kafka", seconds(10), Map.of())));
    assertThat(spec.silver().keySet()).containsExactly("events", "customers");
    SilverTableSpec events = spec.silver().get("events");
    assertThat(events)
        .isEqualTo(
            new SilverTableSpec(
                "events",
                "bronze.events",
                List.of(
                    new FieldSpec("event_id", "string", true),
                    new FieldSpec("customer_id", "string", true),
                    new FieldSpec("event_type", "string", true),
                    new FieldSpec("event_time", "timestamp", true),
                    new FieldSpec("properties", "map<string,string>", false)),
                Map.of(
                    "event_type", "upper(event_type)",
                    "customer_id", "regexp_replace(customer_id, '[^0-9]', '')"),
                Map.of("event_date", "CAST(event_time AS DATE)"),
                List.of(
                    new RuleSpec.Matches(
                        "customer_id_format", "customer_id", "[0-9]{10}", RuleAction.QUARANTINE),
                    new RuleSpec.Freshness(
                        "event_time_range",
                        "event_time",
                        "ingestion_timestamp",
                        Duration.ofDays(30),
                        Duration.ZERO,
                        RuleAction.QUARANTINE)),
                Optional.of(new DedupSpec(List.of("event_id"), "event_time", Duration.ofDays(30))),
                List.of("event_date")));
    assertThat(events.standardize().keySet()).containsExactly("event_type", "customer_id");
    SilverTableSpec customers = spec.silver().get("customers");
    assertThat(customers.schema())
        .extracting(FieldSpec::name)
        .containsExactly(
            "customer_id", "customer_name", "customer_tier", "email", "effective_time");
    assertThat(customers.standardize())
        .containsExactly(
            entry("customer_id", "regexp_replace(customer_id, '[^0-9]', '')"),
            entry("customer_tier", "upper(customer_tier)"));
    assertThat(customers.derive()).isEmpty();
    assertThat(customers.rules())
        .containsExactly(
            new RuleSpec.Matches(
                "customer_id_format", "customer_id", "[0-9]{10}", RuleAction.QUARANTINE),
            new RuleSpec.Expression(
                "known_tier",
                "customer_tier IN ('BRONZE', 'SILVER', 'GOLD', 'PLATINUM')",
                RuleAction.QUARANTINE));
    assertThat(customers.dedup()).isEmpty();
    assertThat(customers.partitionBy()).isEmpty();
    GoldSpec gold = spec.gold();
    assertThat(gold.dimensions().get("dim_customer"))
        .isEqualTo(
            new DimensionSpec(
                "dim_customer", "silver.customers", "customer_id",
                List.of("customer_name", "customer_tier"), "effective_time", DimensionSpec.ScdType.TYPE2));
    assertThat(gold.facts().keySet()).containsExactly("fact_events", "fact_customer_metrics");
    FactSpec metrics = gold.facts().get("fact_customer_metrics");
    assertThat(metrics.grain()).containsExactly("customer_tier", "event_date", "customer_id");
    assertThat(metrics.partitionBy()).containsExactly("customer_tier", "event_date");
    assertThat(metrics.lookups())
        .containsExactly(new LookupSpec("dim_customer", "customer_id", List.of("customer_tier"), "UNKNOWN"));
    assertThat(metrics.measures().get(2))
        .isEqualTo(
            new MeasureSpec(
                "total_revenue", MeasureSpec.Aggregation.SUM,
                Optional.of("CAST(properties['amount'] AS DECIMAL(18,2))"),
                Optional.of("event_type = 'PURCHASE'")));
    assertThat(metrics.derived()).containsOnlyKeys("avg_order_value");
    WindowSpec window = gold.windows().get("customer_activity_5m");
    assertThat(window.size()).isEqualTo(Duration.ofMinutes(5));
    assertThat(window.watermark()).isEqualTo(Duration.ofMinutes(10));
    assertThat(window.groupBy()).containsExactly("customer_id");
    assertThat(gold.views().get("vw_customer_metrics").sql())
        .startsWith("SELECT c.customer_id, c.customer_name, c.customer_tier")
        .endsWith("WHERE c.is_current = true");
  }

  @Test
  void everyKeyIsMapped() {
    PipelineSpec spec = SpecLoader.parse(SpecFixtures.EVERY_KEY, "full.yaml", SQL);

    assertThat(spec.name()).isEqualTo("full-pipeline");
    assertThat(spec.storage())
        .isEqualTo(
            new StorageSpec(
                Optional.of("abfss://lake@account.dfs.core.windows.net/medallion/tables"),
                Optional.of("/mnt/checkpoints")));
    assertThat(spec.sources().get("events"))
        .isEqualTo(
            new SourceSpec(
                "events",
                "events.raw.v1",
                Optional.of("kafka-broker:9092"),
                Map.of("security.protocol", "SASL_SSL", "sasl.mechanism", "PLAIN"),
                StartingOffsets.LATEST,
                5000,
                4,
                PayloadFormat.JSON));
    assertThat(spec.bronze().get("events"))
        .isEqualTo(
            new BronzeTableSpec(
                "events",
                "events",
                "event-hubs",
                Duration.ofMillis(500),
                Map.of("delta.logRetentionDuration", "interval 60 days")));

    SilverTableSpec events = spec.silver().get("events");
    assertThat(events.schema())
        .containsExactly(
            new FieldSpec("event_id", "string", true),
            new FieldSpec("customer_id", "string", true),
            new FieldSpec("event_type", "string", false),
            new FieldSpec("event_time", "timestamp", true),
            new FieldSpec("properties", "map<string,string>", false));
    assertThat(events.standardize()).containsExactly(entry("event_type", "upper(event_type)"));
    assertThat(events.derive())
        .containsExactly(
            entry("event_date", "CAST(event_time AS DATE)"),
            entry("event_day", "date_format(event_date, 'EEEE')"));
    assertThat(events.rules())
        .containsExactly(
            new RuleSpec.NotNull(
                "ids_present", List.of("event_id", "customer_id"), RuleAction.FAIL),
            new RuleSpec.Matches(
                "customer_id_format", "customer_id", "[0-9]{10}", RuleAction.QUARANTINE),
            new RuleSpec.Freshness(
                "event_time_range",
                "event_time",
                "kafka_timestamp",
                Duration.ofDays(7),
                Duration.ofMinutes(5),
                RuleAction.QUARANTINE),
            new RuleSpec.Expression(
                "positive_amount",
                "CAST(properties['amount'] AS DOUBLE) >= 0",
                RuleAction.QUARANTINE));
    assertThat(events.dedup())
        .contains(
            new DedupSpec(List.of("event_id", "customer_id"), "event_time", Duration.ofHours(2)));
    assertThat(events.partitionBy()).containsExactly("event_date");

    GoldSpec gold = spec.gold();
    assertThat(gold.dimensions())
        .containsExactly(
            entry(
                "dim_customer",
                new DimensionSpec(
                    "dim_customer",
                    "silver.customers",
                    "customer_id",
                    List.of("customer_name", "customer_tier"),
                    "effective_time",
                    ScdType.TYPE1)));
    assertThat(gold.facts())
        .containsExactly(
            entry(
                "fact_events",
                new FactSpec(
                    "fact_events",
                    "silver.events",
                    List.of("event_date", "customer_id", "event_type", "customer_tier"),
                    List.of(
                        measure("event_count", Aggregation.COUNT, null, null),
                        measure("unique_events", Aggregation.COUNT, "event_id", null),
                        measure("first_event_time", Aggregation.MIN, "event_time", null),
                        measure("last_event_time", Aggregation.MAX, "event_time", null),
                        measure(
                            "total_revenue",
                            Aggregation.SUM,
                            "CAST(properties['amount'] AS DECIMAL(18,2))",
                            "event_type = 'PURCHASE'"),
                        measure(
                            "purchase_count", Aggregation.COUNT, null, "event_type = 'PURCHASE'")),
                    Map.of("avg_order_value", "total_revenue / NULLIF(purchase_count, 0)"),
                    List.of(
                        new LookupSpec(
                            "dim_customer",
                            "customer_id",
                            List.of("customer_tier"),
                            "NOT_YET_KNOWN")),
                    List.of("event_date"))));
    assertThat(gold.windows())
        .containsExactly(
            entry(
                "customer_activity_5m",
                new WindowSpec(
                    "customer_activity_5m",
                    "silver.events",
                    "event_time",
                    Duration.ofMinutes(5),
                    Duration.ofMinutes(10),
                    List.of("customer_id"),
                    List.of(
                        measure("event_count", Aggregation.COUNT, null, null),
                        measure(
                            "avg_amount",
                            Aggregation.AVG,
                            "CAST(properties['amount'] AS DOUBLE)",
                            "event_type = 'PURCHASE'")))));
    assertThat(gold.views())
        .containsExactly(
            entry(
                "vw_customer_events",
                new ViewSpec(
                    "vw_customer_events",
                    "SELECT c.customer_name, f.event_date, f.event_count\n"
                        + "FROM gold.dim_customer c JOIN gold.fact_events f"
                        + " ON c.customer_id = f.customer_id")));
  }
}
