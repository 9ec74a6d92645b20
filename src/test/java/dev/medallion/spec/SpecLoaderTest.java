package dev.medallion.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import dev.medallion.spec.DimensionSpec.ScdType;
import dev.medallion.spec.MeasureSpec.Aggregation;
import dev.medallion.spec.SourceSpec.PayloadFormat;
import dev.medallion.spec.SourceSpec.StartingOffsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpecLoaderTest {
  private static final SqlChecker SQL = new FakeSqlChecker();

  /** Sources, bronze and the head of silver.events; tests append lines 13 and on. */
  private static final String BASE =
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

  private static final String EVENT_COLUMNS =
      "columns: event_id, customer_id, event_time, ingestion_timestamp, ingestion_date,"
          + " source_system, kafka_topic, kafka_partition, kafka_offset, kafka_timestamp";

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

  @Test
  void defaultsApplyWhereKeysAreLeftOut() {
    PipelineSpec spec = parse(BASE);

    assertThat(spec.storage()).isEqualTo(StorageSpec.underHome());
    assertThat(spec.sources().get("events")).isEqualTo(source("events", "events.raw.v1", 2));
    assertThat(spec.bronze().get("events"))
        .isEqualTo(new BronzeTableSpec("events", "events", "kafka", seconds(1), Map.of()));
    SilverTableSpec events = spec.silver().get("events");
    assertThat(events.schema()).contains(new FieldSpec("customer_id", "string", false));
    assertThat(events.standardize()).isEmpty();
    assertThat(events.derive()).isEmpty();
    assertThat(events.rules()).isEmpty();
    assertThat(events.dedup()).isEmpty();
    assertThat(events.partitionBy()).isEmpty();
    assertThat(spec.gold()).isEqualTo(GoldSpec.none());
  }

  @Test
  void goldDefaults() {
    PipelineSpec spec =
        parse(
            BASE
                + """
gold:
  dimensions:
    dim_customer: {from: silver.events, key: customer_id, tracked: [event_id], sequence: event_time}
  facts:
    fact_events:
      from: silver.events
      grain: [customer_id]
      measures: {event_count: {count: "*"}}
      lookups: [{dimension: dim_customer, key: customer_id, attributes: [event_id]}]
""");

    assertThat(spec.gold().dimensions().get("dim_customer").type()).isEqualTo(ScdType.TYPE2);
    FactSpec fact = spec.gold().facts().get("fact_events");
    assertThat(fact.lookups().get(0).unknown()).isEqualTo("UNKNOWN");
    assertThat(fact.derived()).isEmpty();
    assertThat(fact.partitionBy()).isEmpty();
  }

  @Test
  void silverTriggerIsRejectedInFavourOfTheBronzeTrigger() {
    assertSpecErrors(
        BASE + "    trigger: 2s\n",
        "pipeline.yaml:13 silver.events.trigger: silver and gold run in their source's"
            + " micro-batch (set trigger on bronze.events instead)");
  }

  @Test
  void aRetiredKeyIsNotOfferedAmongTheValidOnes() {
    assertThatThrownBy(() -> parse(BASE + "    trigger: 2s\n    dedupe: {keys: [event_id]}\n"))
        .hasMessageContaining("silver.events.trigger: silver and gold run in their source's")
        .hasMessageContaining("silver.events.dedupe: unknown key")
        .satisfies(e -> assertThat(e.getMessage().lines().filter(l -> l.contains("unknown key")).findFirst().orElseThrow())
            .doesNotContain("trigger"));
  }

  @Test
  void goldTriggerIsRejectedInFavourOfTheBronzeTriggers() {
    assertSpecErrors(
        BASE + "gold:\n  trigger: 5s\n",
        "pipeline.yaml:14 gold.trigger: silver and gold run in their source's micro-batch (set"
            + " trigger on the bronze tables instead)");
  }

  @Test
  void loadsAFileAndNamesItInMessages(@TempDir Path folder) throws Exception {
    Path file = folder.resolve("pipeline.yaml");
    Files.writeString(file, BASE);
    assertThat(SpecLoader.load(file, SQL).name()).isEqualTo("test");

    Files.writeString(file, BASE.replace("topic: events.raw.v1", "topik: events.raw.v1"));
    assertThatThrownBy(() -> SpecLoader.load(file, SQL))
        .hasMessageStartingWith(file + ":3 sources.events: missing key 'topic'");
  }

  @Test
  void unknownKeySuggestsTheClosestKey() {
    assertSpecErrors(
        """
        pipeline: test
        sources:
          events:
            topic: events.raw.v1
            max-ofsets-per-trigger: 10
        bronze:
          events: {source: events}
        silver: {}
        """,
        "pipeline.yaml:5 sources.events.max-ofsets-per-trigger: unknown key (did you mean"
            + " 'max-offsets-per-trigger'? keys here: topic, bootstrap, properties,"
            + " starting-offsets, max-offsets-per-trigger, partitions, format)");
  }

  @Test
  void badDurationSaysWhatADurationLooksLike() {
    assertSpecErrors(
        BASE.replace("{source: events}", "{source: events, trigger: fast}"),
        "pipeline.yaml:5 bronze.events.trigger: expected a duration such as 500ms, 10s, 5m,"
            + " 30d, found 'fast'");
  }

  @Test
  void missingKeyShowsAnExample() {
    assertSpecErrors(
        BASE.replace("{topic: events.raw.v1}", "{partitions: 2}"),
        "pipeline.yaml:3 sources.events: missing key 'topic' (add e.g. topic: events.raw.v1)");
  }

  @Test
  void unknownColumnInDedupKeysListsTheColumns() {
    assertSpecErrors(
        BASE
            + """
                  dedup:
                    keys: [event_id, evnt_id]
                    order-by: event_time
                    within: 30d
              """,
        "pipeline.yaml:14 silver.events.dedup.keys[1]: unknown column 'evnt_id' (did you mean"
            + " 'event_id'? "
            + EVENT_COLUMNS
            + ")");
  }

  @Test
  void unknownSourceSuggestsADeclaredOne() {
    assertSpecErrors(
        BASE.replace("{source: events}", "{source: evnts}"),
        "pipeline.yaml:5 bronze.events.source: unknown source 'evnts' (did you mean 'events'?"
            + " sources: events)");
  }

  @Test
  void unknownBronzeTableInFrom() {
    assertSpecErrors(
        BASE.replace("from: bronze.events", "from: events"),
        "pipeline.yaml:8 silver.events.from: unknown bronze table 'events' (did you mean"
            + " 'bronze.events'? bronze tables: bronze.events)");
  }

  @Test
  void unparseableSqlReportsTheParserMessage() {
    assertSpecErrors(
        BASE
            + """
                  derive:
                    event_date: CAST(event_time AS DATE
              """,
        "pipeline.yaml:14 silver.events.derive.event_date: cannot parse SQL expression: Syntax"
            + " error at or near end of input: missing ')' (write a Spark SQL expression such as"
            + " upper(event_type))");
  }

  @Test
  void rulesMayOnlyReferToKnownColumns() {
    assertSpecErrors(
        BASE
            + """
                  rules:
                    - name: amount_present
                      not-null: [event_id, amount]
                    - name: positive_amount
                      check: "amount > 0"
                    - name: fresh
                      freshness: {column: event_tme, max-age: 1d}
              """,
        "pipeline.yaml:15 silver.events.rules[0].not-null[1]: unknown column 'amount' ("
            + EVENT_COLUMNS
            + ")",
        "pipeline.yaml:17 silver.events.rules[1].check: unknown column 'amount' ("
            + EVENT_COLUMNS
            + ")",
        "pipeline.yaml:19 silver.events.rules[2].freshness.column: unknown column 'event_tme'"
            + " (did you mean 'event_time'? "
            + EVENT_COLUMNS
            + ")");
  }

  @Test
  void ruleNeedsExactlyOneCheckAndAValidPattern() {
    assertSpecErrors(
        BASE
            + """
                  rules:
                    - name: two_checks
                      not-null: [event_id]
                      check: "event_id <> ''"
                    - name: no_check
                      on-fail: stop
                    - name: bad_pattern
                      matches: {column: customer_id, pattern: "[0-9"}
              """,
        "pipeline.yaml:14 silver.events.rules[0]: a rule has exactly one of not-null, matches,"
            + " freshness, check; found not-null, check (split it into one rule per check)",
        "pipeline.yaml:17 silver.events.rules[1]: the rule has no check (add one of not-null,"
            + " matches, freshness, check)",
        "pipeline.yaml:18 silver.events.rules[1].on-fail: expected one of quarantine, fail,"
            + " found 'stop'",
        "pipeline.yaml:20 silver.events.rules[2].matches.pattern: not a regular expression:"
            + " Unclosed character class near index 3 (write a Java regular expression such as"
            + " \"[0-9]{10}\")");
  }

  @Test
  void standardizeRewritesSchemaFieldsAndDeriveAddsNewColumns() {
    assertSpecErrors(
        BASE
            + """
                  standardize:
                    event_type: upper(event_type)
                  derive:
                    event_id: upper(event_id)
                    event_day: dayofweek(event_date)
                    event_date: CAST(event_time AS DATE)
              """,
        "pipeline.yaml:14 silver.events.standardize.event_type: 'event_type' is not a schema"
            + " field (standardize rewrites a parsed field; add new columns under derive)",
        "pipeline.yaml:16 silver.events.derive.event_id: column 'event_id' already exists"
            + " (derive adds new columns; rewrite a schema field under standardize)",
        "pipeline.yaml:17 silver.events.derive.event_day: column 'event_date' does not exist yet"
            + " at this step (standardize runs first, then derive in the order written; define it"
            + " above its first use)");
  }

  @Test
  void avgInAFactAsksForASumAndACount() {
    assertSpecErrors(
        BASE
            + """
              gold:
                facts:
                  fact_events:
                    from: silver.events
                    grain: [customer_id]
                    measures:
                      avg_offset: {avg: kafka_offset}
              """,
        "pipeline.yaml:19 gold.facts.fact_events.measures.avg_offset.avg: avg cannot be merged"
            + " incrementally: declare a sum and a count and derive the average under 'derived'");
  }

  @Test
  void windowWithoutWatermarkAsksForOne() {
    assertSpecErrors(
        BASE
            + """
              gold:
                windows:
                  activity_5m:
                    from: silver.events
                    time: event_time
                    size: 5m
                    measures: {event_count: {count: "*"}}
              """,
        "pipeline.yaml:15 gold.windows.activity_5m: missing key 'watermark': a window must say"
            + " how late its events may arrive before it is final (add e.g. watermark: 10m)");
  }

  @Test
  void goldReferencesAreChecked() {
    assertSpecErrors(
        BASE
            + """
gold:
  dimensions:
    dim_customer: {from: silver.events, key: customer_id, tracked: [event_time], sequence: event_time}
  facts:
    fact-events:
      from: silver.event
      grain: [customer_tier]
      measures: {revenue: {sum: "*"}}
      lookups: [{dimension: dim_customer, key: customer_id, attributes: [customer_tier]}]
  views:
    dim_customer: "DROP TABLE gold.dim_customer"
""",
        "pipeline.yaml:17 gold.facts.fact-events: a table name is lower-case letters, digits and"
            + " _, starting with a letter (write e.g. fact_events)",
        "pipeline.yaml:18 gold.facts.fact-events.from: unknown silver table 'silver.event' (did"
            + " you mean 'silver.events'? silver tables: silver.events)",
        "pipeline.yaml:20 gold.facts.fact-events.measures.revenue.sum: '*' works with count only"
            + " (write the SQL to aggregate, e.g. sum: \"CAST(properties['amount'] AS DOUBLE)\")",
        "pipeline.yaml:21 gold.facts.fact-events.lookups[0].attributes[0]: 'customer_tier' is not"
            + " tracked by dimension dim_customer (tracked: event_time)",
        "pipeline.yaml:23 gold.views.dim_customer: gold.dim_customer is already declared at line"
            + " 15 (dimensions, facts, windows and views share the gold schema; choose another"
            + " name)",
        "pipeline.yaml:23 gold.views.dim_customer: cannot parse SQL query: Syntax error at or"
            + " near 'DROP' (write a SELECT query over gold tables)");
  }

  @Test
  void yamlSyntaxErrorReportsItsLine() {
    assertSpecErrors(
        """
        pipeline: test
        sources:
          events:
            topic: events.raw.v1
           partitions: 2
        """,
        "pipeline.yaml:5: invalid YAML: while parsing a block mapping: expected <block end>, but"
            + " found '<block mapping start>' (check the indentation, and quote values"
            + " containing ': ', ' #', '*', '&' or '!')");
  }

  @Test
  void unquotedStarIsExplained() {
    assertSpecErrors(
        BASE
            + """
              gold:
                windows:
                  activity_5m: {from: silver.events, time: event_time, size: 5m, watermark: 1m,
                    measures: {event_count: {count: *}}}
              """,
        "pipeline.yaml:16: invalid YAML: while scanning an alias: unexpected character found }(125)"
            + " (a value starting with * is read as a YAML alias: quote it, e.g. count: \"*\")");
  }

  @Test
  void severalErrorsAreReportedTogetherSortedByLine() {
    assertSpecErrors(
        """
        pipeline: test
        sinks: {}
        sources:
          events: {topic: events.raw.v1, partitions: many}
        bronze:
          events: {source: events, trigger: fast}
        silver:
          events:
            from: bronze.event
            schema:
              event_id: {type: strng}
              event_id: {type: string}
        """,
        "pipeline.yaml:2 sinks: unknown key (keys here: pipeline, storage, sources, bronze,"
            + " silver, gold)",
        "pipeline.yaml:4 sources.events.partitions: expected a whole number greater than 0 such"
            + " as 1000000, found 'many'",
        "pipeline.yaml:6 bronze.events.trigger: expected a duration such as 500ms, 10s, 5m, 30d,"
            + " found 'fast'",
        "pipeline.yaml:9 silver.events.from: unknown bronze table 'bronze.event' (did you mean"
            + " 'bronze.events'? bronze tables: bronze.events)",
        "pipeline.yaml:11 silver.events.schema.event_id.type: not a Spark SQL type: Unsupported"
            + " data type \"STRNG\" (write e.g. string, bigint, double, timestamp, decimal(18,2),"
            + " map<string,string>)",
        "pipeline.yaml:12 silver.events.schema.event_id: duplicate key (first written at line 11;"
            + " keep one)");
  }

  @Test
  void emptySpecSaysHowToStart() {
    assertSpecErrors(
        "# nothing yet\n", "pipeline.yaml:1: the spec is empty (start with pipeline: NAME)");
  }

  @Test
  void missingFileSaysWhatToPass(@TempDir Path folder) {
    Path file = folder.resolve("missing.yaml");
    assertThatThrownBy(() -> SpecLoader.load(file, SQL))
        .isInstanceOf(MedallionException.class)
        .hasMessage(
            "cannot read spec file "
                + file
                + ": no such file. Pass --spec FILE with an existing YAML file, or leave --spec"
                + " out to run the built-in seed pipeline.")
        .extracting(e -> ((MedallionException) e).code())
        .isEqualTo(ErrorCode.SPEC_INVALID);
  }

  private static PipelineSpec parse(String yaml) {
    return SpecLoader.parse(yaml, "pipeline.yaml", SQL);
  }

  private static void assertSpecErrors(String yaml, String... lines) {
    assertThatThrownBy(() -> parse(yaml))
        .isInstanceOf(MedallionException.class)
        .hasMessage(String.join("\n", lines))
        .extracting(e -> ((MedallionException) e).code())
        .isEqualTo(ErrorCode.SPEC_INVALID);
  }

  private static SourceSpec source(String name, String topic, int partitions) {
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

  private static MeasureSpec measure(
      String name, Aggregation aggregation, String expression, String filter) {
    return new MeasureSpec(
        name, aggregation, Optional.ofNullable(expression), Optional.ofNullable(filter));
  }

  private static Duration seconds(long seconds) {
    return Duration.ofSeconds(seconds);
  }
}
