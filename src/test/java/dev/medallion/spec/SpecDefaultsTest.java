package dev.medallion.spec;

import static dev.medallion.spec.SpecFixtures.BASE;
import static dev.medallion.spec.SpecFixtures.parse;
import static dev.medallion.spec.SpecFixtures.seconds;
import static dev.medallion.spec.SpecFixtures.source;
import static org.assertj.core.api.Assertions.assertThat;

import dev.medallion.spec.DimensionSpec.ScdType;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The defaults that apply where a spec leaves keys out. */
class SpecDefaultsTest {
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
}
