package dev.medallion.gold;

import static org.assertj.core.api.Assertions.assertThat;

import dev.medallion.spec.DimensionSpec;
import dev.medallion.testing.SharedSpark;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** SCD type 2 history rebuilt from stored versions and incoming changes, on static batches. */
class DimensionTimelineIT {
  private static final DimensionSpec SPEC =
      new DimensionSpec(
          "dim_customer", "silver.customers", "customer_id", List.of("customer_name", "customer_tier"),
          "effective_time", DimensionSpec.ScdType.TYPE2);
  private static final StructType CHANGES =
      new StructType()
          .add("customer_id", DataTypes.StringType)
          .add("customer_name", DataTypes.StringType)
          .add("customer_tier", DataTypes.StringType)
          .add("effective_time", DataTypes.TimestampType);

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

  private List<String> history(Dataset<Row> stored, Dataset<Row> changes) {
    return rows(timeline.rebuild(stored, timeline.incomingVersions(changes)));
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
