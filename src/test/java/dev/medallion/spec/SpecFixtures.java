package dev.medallion.spec;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.medallion.spec.MeasureSpec.Aggregation;
import dev.medallion.spec.SourceSpec.PayloadFormat;
import dev.medallion.spec.SourceSpec.StartingOffsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** Spec texts shared by the spec tests and the tests of the real SQL checker. */
public final class SpecFixtures {
  /** A spec that sets every key to a value other than its default. */
  public static final String EVERY_KEY =
      """
pipeline: full-pipeline
storage:
  tables: abfss://lake@account.dfs.core.windows.net/medallion/tables
  checkpoints: /mnt/checkpoints
sources:
  events:
    topic: events.raw.v1
    bootstrap: kafka-broker:9092
    properties:
      security.protocol: SASL_SSL
      sasl.mechanism: PLAIN
    starting-offsets: latest
    max-offsets-per-trigger: 5000
    partitions: 4
    format: json
  customers:
    topic: customers.raw.v1
bronze:
  events:
    source: events
    source-system: event-hubs
    trigger: 500ms
    table-properties:
      delta.logRetentionDuration: interval 60 days
  customers:
    source: customers
silver:
  events:
    from: bronze.events
    schema:
      event_id: {type: string, required: true}
      customer_id: {type: string, required: true}
      event_type: {type: string}
      event_time: {type: timestamp, required: true}
      properties: {type: "map<string,string>"}
    standardize:
      event_type: upper(event_type)
    derive:
      event_date: CAST(event_time AS DATE)
      event_day: date_format(event_date, 'EEEE')
    rules:
      - name: ids_present
        on-fail: fail
        not-null: [event_id, customer_id]
      - name: customer_id_format
        matches: {column: customer_id, pattern: "[0-9]{10}"}
      - name: event_time_range
        on-fail: quarantine
        freshness: {column: event_time, reference: kafka_timestamp, max-age: 7d, max-ahead: 5m}
      - name: positive_amount
        check: "CAST(properties['amount'] AS DOUBLE) >= 0"
    dedup:
      keys: [event_id, customer_id]
      order-by: event_time
      within: 2h
    partition-by: [event_date]
  customers:
    from: bronze.customers
    schema:
      customer_id: {type: string, required: true}
      customer_name: {type: string}
      customer_tier: {type: string}
      effective_time: {type: timestamp}
gold:
  dimensions:
    dim_customer: {from: silver.customers, key: customer_id, tracked: [customer_name, customer_tier], sequence: effective_time, scd: 1}
  facts:
    fact_events:
      from: silver.events
      grain: [event_date, customer_id, event_type, customer_tier]
      measures:
        event_count: {count: "*"}
        unique_events: {count: event_id}
        first_event_time: {min: event_time}
        last_event_time: {max: event_time}
        total_revenue: {sum: "CAST(properties['amount'] AS DECIMAL(18,2))", filter: "event_type = 'PURCHASE'"}
        purchase_count: {count: "*", filter: "event_type = 'PURCHASE'"}
      derived:
        avg_order_value: total_revenue / NULLIF(purchase_count, 0)
      lookups:
        - {dimension: dim_customer, key: customer_id, attributes: [customer_tier], unknown: NOT_YET_KNOWN}
      partition-by: [event_date]
  windows:
    customer_activity_5m:
      from: silver.events
      time: event_time
      size: 5m
      watermark: 10m
      group-by: [customer_id]
      measures:
        event_count: {count: "*"}
        avg_amount: {avg: "CAST(properties['amount'] AS DOUBLE)", filter: "event_type = 'PURCHASE'"}
  views:
    vw_customer_events: |
      SELECT c.customer_name, f.event_date, f.event_count
      FROM gold.dim_customer c JOIN gold.fact_events f ON c.customer_id = f.customer_id
""";

  private SpecFixtures() {}

  /** Sources, bronze and the head of silver.events; tests append lines 13 and on. */
  static final String BASE =
      """
      pipeline: test
      sources:
        events: {topic: events.raw.v1}
      bronze:
        events: {source: events}
      silver:
        events:
          from: bronze.events
          schema:
            event_id: {type: string, required: true}
            customer_id: {type: string}
            event_time: {type: timestamp}
      """;

  /** The columns silver.events offers to rules and keys in {@link #BASE}, as errors list them. */
  static final String EVENT_COLUMNS =
      "columns: event_id, customer_id, event_time, ingestion_timestamp, ingestion_date,"
          + " source_system, kafka_topic, kafka_partition, kafka_offset, kafka_timestamp";

  private static final SqlChecker SQL = new FakeSqlChecker();

  /** {@code yaml} loaded as the file {@code pipeline.yaml}, SQL checked by the fake checker. */
  static PipelineSpec parse(String yaml) {
    return SpecLoader.parse(yaml, "pipeline.yaml", SQL);
  }

  /** Asserts that loading {@code yaml} fails with exactly {@code lines}. */
  static void assertSpecErrors(String yaml, String... lines) {
    assertThatThrownBy(() -> parse(yaml))
        .isInstanceOf(MedallionException.class)
        .hasMessage(String.join("\n", lines))
        .extracting(e -> ((MedallionException) e).code())
        .isEqualTo(ErrorCode.SPEC_INVALID);
  }

  static SourceSpec source(String name, String topic, int partitions) {
    return new SourceSpec(
        name,
        topic,
        Optional.empty(),
        Map.of(),
        StartingOffsets.EARLIEST,
        1_000_000,
        partitions,
        PayloadFormat.JSON);
  }

  static MeasureSpec measure(
      String name, Aggregation aggregation, String expression, String filter) {
    return new MeasureSpec(
        name, aggregation, Optional.ofNullable(expression), Optional.ofNullable(filter));
  }

  static Duration seconds(long seconds) {
    return Duration.ofSeconds(seconds);
  }
}
