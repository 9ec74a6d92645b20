package dev.medallion.gold;

import static org.assertj.core.api.Assertions.assertThat;

import dev.medallion.ops.BatchIdentity;
import dev.medallion.ops.DeltaWrites;
import dev.medallion.ops.PipelineMetrics;
import dev.medallion.ops.TableLocations;
import dev.medallion.spec.DimensionSpec;
import dev.medallion.testing.SharedSpark;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A dimension written batch by batch the two ways {@link DimensionWriter} has: held in the driver
 * ({@link TimelineRows}, {@link ResidentTable}) and, past its bound, rebuilt by Spark and merged
 * by Delta's MERGE. Both must leave the same table, replayed batches included.
 */
class DimensionWriterIT {
  private static final StructType CHANGES =
      new StructType()
          .add("customer_id", DataTypes.StringType)
          .add("customer_name", DataTypes.StringType)
          .add("customer_tier", DataTypes.StringType)
          .add("effective_time", DataTypes.TimestampType);

  @TempDir Path home;

  @Test
  void theDriverAndDeltasMergeLeaveTheSameDimension() {
    for (DimensionSpec.ScdType type : DimensionSpec.ScdType.values()) {
      DimensionSpec spec =
          new DimensionSpec(
              "dim_customer", "silver.customers", "customer_id", List.of("customer_name", "customer_tier"),
              "effective_time", type);
      DimensionWriter resident = writer(spec, "resident-" + type, ResidentTable.MAX_ROWS);
      DimensionWriter merged = writer(spec, "merged-" + type, 0);
      Random random = new Random(11);
      for (int batch = 0; batch < 3; batch++) {
        Dataset<Row> changes = changes(random, 200);
        BatchIdentity identity = new BatchIdentity("dimension-writer-it", batch);
        resident.write(changes, identity);
        merged.write(changes, identity);
        if (batch == 1) { // a replay changes nothing
          resident.write(changes, identity);
          merged.write(changes, identity);
        }
        assertThat(rows("resident-" + type))
            .as("%s after batch %d", type, batch)
            .isNotEmpty()
            .isEqualTo(rows("merged-" + type));
      }
    }
  }

  private DimensionWriter writer(DimensionSpec spec, String name, int maxResidentRows) {
    SparkSession spark = SharedSpark.session();
    TableLocations locations = locations(name);
    DeltaWrites.createIfMissing(spark, locations.table("silver.customers"), CHANGES, List.of(), Map.of());
    PipelineMetrics metrics = new PipelineMetrics(locations);
    metrics.createTable(spark);
    DimensionWriter writer = new DimensionWriter(spark, spec, locations, metrics, Clock.systemUTC(), maxResidentRows);
    writer.createTables();
    return writer;
  }

  private TableLocations locations(String name) {
    return new TableLocations(home.resolve(name).resolve("tables").toString(), home.resolve(name).resolve("checkpoints").toString());
  }

  private List<String> rows(String name) {
    return SharedSpark.session().read().format("delta").load(locations(name).table("gold.dim_customer"))
        .collectAsList().stream()
        .map(row -> row.mkString("|"))
        .sorted()
        .toList();
  }

  /** Changes to a few members, many at the same times, with few distinct attributes. */
  private static Dataset<Row> changes(Random random, int count) {
    String[] names = {"Ann", "Bo", null};
    String[] tiers = {"SILVER", "GOLD"};
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      rows.add(
          RowFactory.create(
              "c" + random.nextInt(40),
              names[random.nextInt(names.length)],
              tiers[random.nextInt(tiers.length)],
              Timestamp.from(Instant.parse("2026-11-01T00:00:00Z").plusSeconds(3600L * random.nextInt(30)))));
    }
    return SharedSpark.session().createDataFrame(rows, CHANGES);
  }
}
