package dev.medallion.gold;

import static org.assertj.core.api.Assertions.assertThat;

import dev.medallion.ops.BatchIdentity;
import dev.medallion.spec.MeasureSpec;
import dev.medallion.testing.SharedSpark;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A micro-batch merged again after a crash (same query id, same batch id) does not count twice. */
class FactReplayIT {
  @TempDir Path folder;

  @Test
  void aReplayedBatchIsSkippedWhileTheNextBatchAccumulates() {
    SparkSession spark = SharedSpark.session();
    MeasureTable table =
        new MeasureTable(
            folder.resolve("fact").toString(),
            List.of("customer_id"),
            List.of(
                new MeasureSpec("event_count", MeasureSpec.Aggregation.COUNT, Optional.empty(), Optional.empty()),
                new MeasureSpec("total", MeasureSpec.Aggregation.SUM, Optional.of("amount"), Optional.empty())),
            Map.of(),
            List.of());
    Dataset<Row> rows = spark.sql("SELECT 'c1' AS customer_id, CAST(2.5 AS DECIMAL(10,2)) AS amount");
    table.createIfMissing(spark, rows.limit(0));
    SparkSession session = spark.newSession();

    table.merge(session, table.aggregate(rows), Optional.empty(), Optional.of(new BatchIdentity("q", 0)), Instant.EPOCH);
    table.merge(session, table.aggregate(rows), Optional.empty(), Optional.of(new BatchIdentity("q", 0)), Instant.EPOCH);
    assertThat(totals(spark, table)).isEqualTo("[c1,1,2.50]");

    table.merge(session, table.aggregate(rows), Optional.empty(), Optional.of(new BatchIdentity("q", 1)), Instant.EPOCH);
    assertThat(totals(spark, table)).isEqualTo("[c1,2,5.00]");
  }

  private static String totals(SparkSession spark, MeasureTable table) {
    return spark.read().format("delta").load(table.location())
        .select("customer_id", "event_count", "total").first().toString();
  }
}
