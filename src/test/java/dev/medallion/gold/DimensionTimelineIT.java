package dev.medallion.gold;

import static org.assertj.core.api.Assertions.assertThat;

import dev.medallion.spec.DimensionSpec;
import dev.medallion.testing.SharedSpark;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * SCD type 2 history rebuilt from stored versions and incoming changes, on static batches: by
 * Spark ({@link DimensionTimeline}) and in the driver ({@link TimelineRows}), which must agree row
 * for row, surrogate keys included.
 */
class DimensionTimelineIT {
  private static final DimensionSpec SPEC =
      new DimensionSpec(
          "dim_customer", "silver.customers", "customer_id", List.of("customer_name", "customer_tier"),
          "effective_time", DimensionSpec.ScdType.TYPE2);
  private static final StructType CHANGES = CustomerChanges.SCHEMA;

  private final DimensionTimeline timeline = new DimensionTimeline(SPEC);

  @Test
  void aNewMemberGetsOneCurrentRow() {
    assertThat(history(none(), changes(change("c1", "Ann", "SILVER", "2026-11-01T00:00:00Z"))))
        .containsExactly("c1 Ann SILVER 2026-11-01 00:00:00.0 -> open current");
  }

  @Test
  void aChangeClosesTheCurrentRowAndOpensANewVersion() {
    Dataset<Row> stored = rebuilt(changes(change("c1", "Ann", "SILVER", "2026-11-01T00:00:00Z")));
    assertThat(history(stored, changes(change("c1", "Ann", "GOLD", "2026-11-10T00:00:00Z"))))
        .containsExactly(
            "c1 Ann SILVER 2026-11-01 00:00:00.0 -> 2026-11-10 00:00:00.0",
            "c1 Ann GOLD 2026-11-10 00:00:00.0 -> open current");
  }

  @Test
  void anUnchangedRecordChangesNothing() {
    Dataset<Row> stored = rebuilt(changes(change("c1", "Ann", "SILVER", "2026-11-01T00:00:00Z")));
    List<String> before = rows(stored);
    assertThat(history(stored, changes(change("c1", "Ann", "SILVER", "2026-11-12T00:00:00Z"))))
        .isEqualTo(before);
  }

  @Test
  void severalChangesInOneBatchMakeTheWholeChainInEffectiveOrder() {
    assertThat(
            history(
                none(),
                changes(
                    change("c2", "Bo", "GOLD", "2026-11-03T00:00:00Z"),
                    change("c2", "Bo", "SILVER", "2026-11-01T00:00:00Z"),
                    change("c2", "Bob", "GOLD", "2026-11-05T00:00:00Z"))))
        .containsExactly(
            "c2 Bo SILVER 2026-11-01 00:00:00.0 -> 2026-11-03 00:00:00.0",
            "c2 Bo GOLD 2026-11-03 00:00:00.0 -> 2026-11-05 00:00:00.0",
            "c2 Bob GOLD 2026-11-05 00:00:00.0 -> open current");
  }

  @Test
  void anOutOfOrderChangeLandsInHistoryWithoutTouchingTheCurrentRow() {
    Dataset<Row> stored =
        rebuilt(
            changes(
                change("c3", "Cy", "SILVER", "2026-11-01T00:00:00Z"),
                change("c3", "Cy", "GOLD", "2026-11-05T00:00:00Z")));
    assertThat(history(stored, changes(change("c3", "Cy", "PLATINUM", "2026-11-03T00:00:00Z"))))
        .containsExactly(
            "c3 Cy SILVER 2026-11-01 00:00:00.0 -> 2026-11-03 00:00:00.0",
            "c3 Cy PLATINUM 2026-11-03 00:00:00.0 -> 2026-11-05 00:00:00.0",
            "c3 Cy GOLD 2026-11-05 00:00:00.0 -> open current");
  }

  @Test
  void theHistoryDoesNotDependOnHowChangesWereBatched() {
    Row first = change("c4", "Di", "SILVER", "2026-11-01T00:00:00Z");
    Row second = change("c4", "Di", "GOLD", "2026-11-04T00:00:00Z");
    Row third = change("c4", "Dee", "GOLD", "2026-11-02T00:00:00Z");
    List<String> together = history(none(), changes(first, second, third));
    Dataset<Row> afterOne = rebuilt(changes(second));
    Dataset<Row> afterTwo = timeline.rebuild(afterOne, timeline.incomingVersions(changes(first)));
    assertThat(history(afterTwo, changes(third))).isEqualTo(together);
  }

  @Test
  void typeOneKeepsOneRowPerMemberWithItsLatestAttributes() {
    DimensionTimeline typeOne =
        new DimensionTimeline(
            new DimensionSpec(
                "dim_customer", "silver.customers", "customer_id",
                List.of("customer_name", "customer_tier"), "effective_time", DimensionSpec.ScdType.TYPE1));
    Dataset<Row> stored =
        typeOne.latest(none(), typeOne.incomingVersions(changes(change("c1", "Ann", "SILVER", "2026-11-01T00:00:00Z"))));
    Dataset<Row> updated =
        typeOne.latest(
            stored,
            typeOne.incomingVersions(
                changes(
                    change("c1", "Ann", "GOLD", "2026-11-05T00:00:00Z"),
                    change("c1", "Ann", "BRONZE", "2026-10-20T00:00:00Z"))));
    assertThat(rows(updated)).containsExactly("c1 Ann GOLD 2026-11-05 00:00:00.0 -> open current");
    assertThat(updated.first().<Long>getAs("customer_sk"))
        .isEqualTo(stored.first().<Long>getAs("customer_sk"));
  }

  private Dataset<Row> rebuilt(Dataset<Row> changes) {
    return timeline.rebuild(none(), timeline.incomingVersions(changes));
  }

  @Test
  void theDriverRebuildsRandomHistoriesAsSparkDoes() {
    Random random = new Random(7);
    for (DimensionSpec.ScdType type : DimensionSpec.ScdType.values()) {
      DimensionTimeline typed = new DimensionTimeline(withType(type));
      Dataset<Row> empty = typed.incomingVersions(changes());
      Dataset<Row> stored = typed.rebuild(empty, empty);
      for (int batch = 0; batch < 3; batch++) {
        Dataset<Row> incoming = typed.incomingVersions(changes(CustomerChanges.random(random, 300)));
        Dataset<Row> bySpark =
            type == DimensionSpec.ScdType.TYPE2 ? typed.rebuild(stored, incoming) : typed.latest(stored, incoming);
        List<Row> inDriver =
            new TimelineRows(withType(type), stored.schema()).rebuild(stored.collectAsList(), incoming.collectAsList());
        assertThat(values(inDriver)).as("%s, batch %d", type, batch).isEqualTo(values(bySpark.collectAsList()));
        stored = SharedSpark.session().createDataFrame(merged(stored.collectAsList(), bySpark), stored.schema());
      }
    }
  }

  /** {@code stored} with every member of {@code rebuilt} replaced by its rebuilt rows. */
  private static List<Row> merged(List<Row> stored, Dataset<Row> rebuilt) {
    List<Row> rows = rebuilt.collectAsList();
    Set<Object> members = rows.stream().map(row -> row.getAs("customer_id")).collect(Collectors.toSet());
    List<Row> result = new ArrayList<>(rows);
    stored.stream().filter(row -> !members.contains(row.getAs("customer_id"))).forEach(result::add);
    return result;
  }

  private static List<String> values(List<Row> rows) {
    return rows.stream().map(row -> row.mkString("|")).sorted().toList();
  }

  private static DimensionSpec withType(DimensionSpec.ScdType type) {
    return new DimensionSpec(SPEC.name(), SPEC.from(), SPEC.key(), SPEC.tracked(), SPEC.sequence(), type);
  }

  private List<String> history(Dataset<Row> stored, Dataset<Row> changes) {
    Dataset<Row> incoming = timeline.incomingVersions(changes);
    Dataset<Row> bySpark = timeline.rebuild(stored, incoming);
    List<Row> inDriver = new TimelineRows(SPEC, stored.schema()).rebuild(stored.collectAsList(), incoming.collectAsList());
    assertThat(values(inDriver)).isEqualTo(values(bySpark.collectAsList()));
    return rows(bySpark);
  }

  private static List<String> rows(Dataset<Row> dimension) {
    return dimension.orderBy("customer_id", "start_date").collectAsList().stream()
        .map(
            row ->
                String.join(
                    " ",
                    row.<String>getAs("customer_id"),
                    row.<String>getAs("customer_name"),
                    row.<String>getAs("customer_tier"),
                    String.valueOf(row.<Object>getAs("start_date")),
                    "->",
                    row.isNullAt(row.fieldIndex("end_date"))
                        ? "open"
                        : String.valueOf(row.<Object>getAs("end_date")))
                    + (row.<Boolean>getAs("is_current") ? " current" : ""))
        .collect(Collectors.toList());
  }

  private Dataset<Row> none() {
    Dataset<Row> empty = timeline.incomingVersions(changes());
    return timeline.rebuild(empty, empty);
  }

  private static Row change(String id, String name, String tier, String at) {
    return RowFactory.create(id, name, tier, Timestamp.from(java.time.Instant.parse(at)));
  }

  private static Dataset<Row> changes(Row... rows) {
    return SharedSpark.session().createDataFrame(new ArrayList<>(List.of(rows)), CHANGES);
  }
}
