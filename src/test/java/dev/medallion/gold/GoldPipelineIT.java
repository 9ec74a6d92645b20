package dev.medallion.gold;

import static dev.medallion.testing.CustomerFixture.customer;
import static dev.medallion.testing.EventFixture.event;
import static org.assertj.core.api.Assertions.assertThat;

import dev.medallion.ops.PipelineCatalog;
import dev.medallion.ops.PipelineTables;
import dev.medallion.ops.TableLocations;
import dev.medallion.spec.PipelineSpec;
import dev.medallion.testing.MutableClock;
import dev.medallion.testing.SharedSpark;
import dev.medallion.testing.TestPipelines;
import dev.medallion.testing.TopicWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gold layer of the seed pipeline over two runs: a dimension change and a late-arriving member
 * in the second, a late event for an existing fact row, and an event later than the window
 * watermark.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GoldPipelineIT {
  private static final Instant T0 = Instant.parse("2026-11-20T12:00:00Z");

  @TempDir static Path home;
  private TableLocations locations;
  private PipelineSpec spec;

  @BeforeAll
  void runTwoRounds() {
    spec = TestPipelines.seedOnFreshTopics(1_000_000);
    String events = spec.sources().get("events").topic();
    String customers = spec.sources().get("customers").topic();
    MutableClock clock = new MutableClock(T0);
    TopicWriter.write(
        customers,
        1,
        List.of(
            customer("0000000001", "Ann", "SILVER", "2026-11-01T00:00:00Z"),
            customer("0000000002", "Bo", "GOLD", "2026-11-01T00:00:00Z")));
    TopicWriter.write(
        events,
        2,
        List.of(
            event().id("e1").customer("0000000001").type("PURCHASE").at("2026-11-20T10:00:00Z").amount("10.00").bytes(),
            event().id("e2").customer("0000000002").type("PAGE_VIEW").at("2026-11-20T11:55:00Z").bytes(),
            event().id("e3").customer("0000000009").type("PURCHASE").at("2026-11-20T11:00:00Z").amount("5.50").bytes()));
    TestPipelines.runOnce(spec, home, clock);

    clock.advance(Duration.ofHours(1));
    TopicWriter.write(
        customers,
        1,
        List.of(
            customer("0000000009", "Cy", "PLATINUM", "2026-11-02T00:00:00Z"),
            customer("0000000001", "Ann", "GOLD", "2026-11-20T11:30:00Z")));
    TopicWriter.write(
        events,
        2,
        List.of(
            event().id("e4").customer("0000000001").type("PURCHASE").at("2026-11-20T08:00:00Z").amount("2.00").bytes(),
            event().id("e5").customer("0000000002").type("PAGE_VIEW").at("2026-11-20T12:30:00Z").bytes()));
    TestPipelines.runOnce(spec, home, clock);
    locations = TestPipelines.locations(home, spec);
  }

  @Test
  void theDimensionKeepsEveryVersionWithOneCurrentRowPerMember() {
    assertThat(rows("gold.dim_customer", "customer_id, customer_name, customer_tier, start_date, end_date, is_current", "customer_id, start_date"))
        .containsExactly(
            "[0000000001,Ann,SILVER,2026-11-01 00:00:00.0,2026-11-20 11:30:00.0,false]",
            "[0000000001,Ann,GOLD,2026-11-20 11:30:00.0,null,true]",
            "[0000000002,Bo,GOLD,2026-11-01 00:00:00.0,null,true]",
            "[0000000009,Cy,PLATINUM,2026-11-02 00:00:00.0,null,true]");
  }

  @Test
  void aLateEventAddsToItsFactRowInsteadOfOverwritingIt() {
    assertThat(rows("gold.fact_events", "event_date, customer_id, event_type, event_count, unique_events, first_event_time, last_event_time", "customer_id, event_type"))
        .containsExactly(
            "[2026-11-20,0000000001,PURCHASE,2,2,2026-11-20 08:00:00.0,2026-11-20 10:00:00.0]",
            "[2026-11-20,0000000002,PAGE_VIEW,2,2,2026-11-20 11:55:00.0,2026-11-20 12:30:00.0]",
            "[2026-11-20,0000000009,PURCHASE,1,1,2026-11-20 11:00:00.0,2026-11-20 11:00:00.0]");
  }

  @Test
  void factsOfALateMemberAreAttributedOnceItArrivesAndNothingIsLost() {
    assertThat(rows("gold.fact_customer_metrics", "customer_tier, event_date, customer_id, event_count, purchase_count, total_revenue, avg_order_value", "customer_id"))
        .containsExactly(
            "[GOLD,2026-11-20,0000000001,2,2,12.00,6.00]",
            "[GOLD,2026-11-20,0000000002,2,0,null,null]",
            "[PLATINUM,2026-11-20,0000000009,1,1,5.50,5.50]");
  }

  @Test
  void anEventLaterThanTheWatermarkGoesToTheLateTable() {
    assertThat(rows("gold.customer_activity_5m", "window_start, customer_id, event_count, avg_amount", "window_start, customer_id"))
        .containsExactly(
            "[2026-11-20 10:00:00.0,0000000001,1,10.0]",
            "[2026-11-20 11:00:00.0,0000000009,1,5.5]",
            "[2026-11-20 11:55:00.0,0000000002,1,null]",
            "[2026-11-20 12:30:00.0,0000000002,1,null]");
    assertThat(rows("gold.customer_activity_5m_late", "event_id, watermark", "event_id"))
        .containsExactly("[e4,2026-11-20 11:45:00.0]");
  }

  @Test
  void theBiViewJoinsCurrentMembersToTheirMetrics() {
    PipelineCatalog catalog = new PipelineCatalog(SharedSpark.session(), locations);
    catalog.registerExisting(PipelineTables.of(spec));
    assertThat(catalog.registerViews(spec.gold().views().values())).isEmpty();
    assertThat(
            SharedSpark.session()
                .sql("SELECT customer_id, customer_tier, event_count, total_revenue FROM gold.vw_customer_metrics ORDER BY customer_id")
                .collectAsList().stream().map(Row::toString).collect(Collectors.toList()))
        .containsExactly(
            "[0000000001,GOLD,2,12.00]", "[0000000002,GOLD,2,null]", "[0000000009,PLATINUM,1,5.50]");
  }

  private List<String> rows(String table, String columns, String orderBy) {
    return SharedSpark.session().read().format("delta").load(locations.table(table))
        .selectExpr(columns.split(",\\s*"))
        .orderBy(orderBy.split(",\\s*")[0], orderBy.split(",\\s*").length > 1 ? orderBy.split(",\\s*")[1] : orderBy.split(",\\s*")[0])
        .collectAsList().stream().map(Row::toString).collect(Collectors.toList());
  }
}
