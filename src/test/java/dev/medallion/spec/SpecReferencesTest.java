package dev.medallion.spec;

import static dev.medallion.spec.SpecFixtures.BASE;
import static dev.medallion.spec.SpecFixtures.EVENT_COLUMNS;
import static dev.medallion.spec.SpecFixtures.assertSpecErrors;
import org.junit.jupiter.api.Test;

/** References a spec makes (columns, sources, tables, SQL, gold members) are checked before anything starts. */
class SpecReferencesTest {
  private static final SqlChecker SQL = new FakeSqlChecker();

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
}
