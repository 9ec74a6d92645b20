package dev.medallion.gold;

import static org.assertj.core.api.Assertions.assertThat;

import dev.medallion.ops.KernelReader;
import dev.medallion.spec.DimensionSpec;
import dev.medallion.spec.LookupSpec;
import dev.medallion.testing.SharedSpark;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Members of a dimension at two versions, and which of them a fact's lookup sees as changed. */
class MemberSnapshotIT {
  @TempDir Path folder;

  @Test
  void membersChangedBetweenTwoVersionsAreThoseWhoseLookedUpAttributesDiffer() {
    SparkSession spark = SharedSpark.session();
    String location = folder.resolve("dim_customer").toString();
    write(
        spark,
        location,
        "overwrite",
        "('1', 'Ann', 'SILVER', true), ('2', 'Bo', 'GOLD', true), ('3', 'Cy', 'GOLD', true)");
    // Ann's tier changes (her old version stays, no longer current), Bo only changes his name, Cy
    // leaves the current rows, Di arrives
    write(
        spark,
        location,
        "overwrite",
        "('1', 'Ann', 'SILVER', false), ('1', 'Ann', 'GOLD', true), ('2', 'Bob', 'GOLD', true),"
            + " ('3', 'Cy', 'GOLD', false), ('4', 'Di', 'BRONZE', true)");
    FactTable.ResolvedLookup lookup =
        new FactTable.ResolvedLookup(
            new LookupSpec("dim_customer", "customer_id", List.of("customer_tier"), "UNKNOWN"),
            new DimensionSpec(
                "dim_customer",
                "silver.customers",
                "customer_id",
                List.of("customer_name", "customer_tier"),
                "effective_time",
                DimensionSpec.ScdType.TYPE2),
            location);

    MemberSnapshot before = MemberSnapshot.read(spark, new KernelReader(spark), lookup, 0);
    MemberSnapshot after = MemberSnapshot.read(spark, new KernelReader(spark), lookup, 1);

    assertThat(after.changedSince(before))
        .as("Ann's tier, Cy gone, Di new; not Bo, whose name no lookup reads")
        .hasValueSatisfying(keys -> assertThat(keys).containsExactlyInAnyOrder("1", "3", "4"));
    assertThat(after.changedSince(after)).hasValueSatisfying(keys -> assertThat(keys).isEmpty());
    assertThat(after.rows(spark).collectAsList().stream().map(Row::toString))
        .containsExactlyInAnyOrder("[1,GOLD]", "[2,GOLD]", "[4,BRONZE]");
  }

  private static void write(SparkSession spark, String location, String mode, String values) {
    Dataset<Row> rows =
        spark.sql(
            "SELECT * FROM VALUES " + values + " AS t(customer_id, customer_name, customer_tier, is_current)");
    rows.write().format("delta").mode(mode).save(location);
  }
}
