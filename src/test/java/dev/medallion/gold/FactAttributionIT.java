package dev.medallion.gold;

import static dev.medallion.testing.CustomerFixture.customer;
import static dev.medallion.testing.EventFixture.event;
import static org.assertj.core.api.Assertions.assertThat;

import dev.medallion.ops.TableLocations;
import dev.medallion.spec.PipelineSpec;
import dev.medallion.testing.MutableClock;
import dev.medallion.testing.SharedSpark;
import dev.medallion.testing.TestPipelines;
import dev.medallion.testing.TopicWriter;
import io.delta.tables.DeltaTable;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Facts follow their dimensions through their own writes: the version of the dimension a fact was
 * attributed by is recorded with each of its commits, members changed since are moved with the
 * fact's next batch, or at the end of a run that stops when caught up when no event arrives.
 */
class FactAttributionIT {
  private static final Instant T0 = Instant.parse("2026-11-20T12:00:00Z");
  private static final String ANN = "0000000001";
  private static final String BO = "0000000002";
  private static final String CY = "0000000009";

  @TempDir Path home;

  /** The seed pipeline after a first run: Ann SILVER, Bo GOLD, Cy not a member yet. */
  private final class Pipeline {
    final PipelineSpec spec = TestPipelines.seedOnFreshTopics(1_000_000);
    final MutableClock clock = new MutableClock(T0);
    final TableLocations locations = TestPipelines.locations(home, spec);

    Pipeline() {
      customers(
          customer(ANN, "Ann", "SILVER", "2026-11-01T00:00:00Z"),
          customer(BO, "Bo", "GOLD", "2026-11-01T00:00:00Z"));
      events(
          event().id("e1").customer(ANN).type("PURCHASE").at("2026-11-20T10:00:00Z").amount("10.00").bytes(),
          event().id("e2").customer(BO).type("PAGE_VIEW").at("2026-11-20T11:00:00Z").bytes(),
          event().id("e3").customer(CY).type("PURCHASE").at("2026-11-20T11:00:00Z").amount("5.50").bytes());
      run();
    }

    void customers(byte[]... records) {
      TopicWriter.write(spec.sources().get("customers").topic(), 1, List.of(records));
    }

    void events(byte[]... records) {
      TopicWriter.write(spec.sources().get("events").topic(), 2, List.of(records));
    }

    void run() {
      TestPipelines.runOnce(spec, home, clock);
      clock.advance(Duration.ofMinutes(10));
    }

    String fact() {
      return locations.table("gold.fact_customer_metrics");
    }

    List<String> factRows() {
      return SharedSpark.session().read().format("delta").load(fact())
          .selectExpr("customer_tier", "customer_id", "event_count", "total_revenue")
          .orderBy("customer_id").collectAsList().stream()
          .map(Row::toString)
          .collect(Collectors.toList());
    }

    long factVersion() {
      return DeltaTable.forPath(SharedSpark.session(), fact()).history(1).first().getLong(0);
    }

    long dimensionVersion() {
      return DeltaTable.forPath(SharedSpark.session(), locations.table("gold.dim_customer"))
          .history(1).first().getLong(0);
    }
  }

  @Test
  void factsMoveToTheirMembersNewAttributesEvenWhenNoEventArrives() {
    Pipeline pipeline = new Pipeline();
    assertThat(pipeline.factRows())
        .containsExactly("[SILVER,0000000001,1,10.00]", "[GOLD,0000000002,1,null]", "[UNKNOWN,0000000009,1,5.50]");
    assertThat(AttributionVersions.recorded(SharedSpark.session(), pipeline.fact()))
        .as("the dimension version the facts were attributed by")
        .contains(Map.of("gold.dim_customer", pipeline.dimensionVersion()));

    pipeline.customers(
        customer(CY, "Cy", "PLATINUM", "2026-11-02T00:00:00Z"),
        customer(ANN, "Ann", "GOLD", "2026-11-20T11:30:00Z"));
    pipeline.run();

    assertThat(pipeline.factRows())
        .containsExactly("[GOLD,0000000001,1,10.00]", "[GOLD,0000000002,1,null]", "[PLATINUM,0000000009,1,5.50]");
    assertThat(AttributionVersions.recorded(SharedSpark.session(), pipeline.fact()))
        .contains(Map.of("gold.dim_customer", pipeline.dimensionVersion()));
  }

  @Test
  void aDimensionChangeOfAnAttributeNoFactLooksUpLeavesTheFactsAlone() {
    Pipeline pipeline = new Pipeline();
    List<String> before = pipeline.factRows();
    long factVersion = pipeline.factVersion();
    long dimensionVersion = pipeline.dimensionVersion();

    pipeline.customers(customer(ANN, "Ann-Marie", "SILVER", "2026-11-20T11:30:00Z"));
    pipeline.run();

    assertThat(pipeline.dimensionVersion()).as("the dimension committed the new name").isGreaterThan(dimensionVersion);
    assertThat(pipeline.factVersion()).as("the fact did not commit").isEqualTo(factVersion);
    assertThat(pipeline.factRows()).isEqualTo(before);
  }

  @Test
  void aFactWhoseLatestCommitRecordedNoVersionsIsCheckedInFull() {
    Pipeline pipeline = new Pipeline();
    SharedSpark.session()
        .sql("ALTER TABLE delta.`" + pipeline.fact() + "` SET TBLPROPERTIES ('team.steward' = 'etl')")
        .collectAsList();
    assertThat(AttributionVersions.recorded(SharedSpark.session(), pipeline.fact()))
        .as("a commit from elsewhere records nothing").isEqualTo(Optional.empty());

    pipeline.customers(customer(BO, "Bo", "BRONZE", "2026-11-20T11:30:00Z"));
    pipeline.events(
        event().id("e4").customer(ANN).type("PURCHASE").at("2026-11-20T12:05:00Z").amount("1.00").bytes());
    pipeline.run();

    assertThat(pipeline.factRows())
        .containsExactly("[SILVER,0000000001,2,11.00]", "[BRONZE,0000000002,1,null]", "[UNKNOWN,0000000009,1,5.50]");
  }

  @Test
  void recordedVersionsThatAreNotOursReadAsNone() {
    assertThat(AttributionVersions.parse(AttributionVersions.format(Map.of("gold.dim_customer", 7L))))
        .contains(Map.of("gold.dim_customer", 7L));
    assertThat(AttributionVersions.parse("nightly compaction")).isEmpty();
    assertThat(AttributionVersions.parse("{\"owner\":\"etl\"}")).isEmpty();
    assertThat(AttributionVersions.parse("{\"attributed_by\":\"soon\"}")).isEmpty();
  }
}
