package dev.medallion.gold;

import static org.assertj.core.api.Assertions.assertThat;

import dev.medallion.ops.BatchIdentity;
import dev.medallion.ops.DeltaWrites;
import dev.medallion.ops.PipelineMetrics;
import dev.medallion.ops.TableLocations;
import dev.medallion.spec.DimensionSpec;
import dev.medallion.testing.SharedSpark;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A dimension written batch by batch the two ways {@link DimensionWriter} has: held in the driver
 * ({@link TimelineRows}, {@link ResidentTable}) and, past its bound, rebuilt by Spark and merged
 * by Delta's MERGE. Both must leave the same table, replayed batches included.
 */
class DimensionWriterIT {
  private static final StructType CHANGES = CustomerChanges.SCHEMA;

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

  private static Dataset<Row> changes(Random random, int count) {
    return SharedSpark.session().createDataFrame(List.of(CustomerChanges.random(random, count)), CHANGES);
  }
}
