package dev.medallion.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.medallion.testing.SharedSpark;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rows read through Delta Kernel in the driver equal those Spark reads. */
class KernelReaderIT {
  private static final List<String> COLUMNS =
      List.of("name", "flag", "small", "big", "ratio", "amount", "day", "at");

  @TempDir Path folder;

  private final SparkSession spark = SharedSpark.session();

  @Test
  void aVersionReadsAsSparkReadsItWithNullsAndDeletedRowsLeftOut() {
    String location = folder.resolve("typed").toString();
    spark.sql(
            "SELECT * FROM VALUES"
                + " ('a', true, 1, 10L, 1.5D, CAST(2.25 AS DECIMAL(18,2)), DATE'2026-11-20',"
                + "  TIMESTAMP'2026-11-20 10:00:00.123456'),"
                + " ('b', false, 2, 20L, 2.5D, CAST(3.50 AS DECIMAL(18,2)), DATE'2026-11-21',"
                + "  TIMESTAMP'2026-11-21 11:00:00'),"
                + " (NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)"
                + " AS t(name, flag, small, big, ratio, amount, day, at)")
        .write().format("delta").option("delta.enableDeletionVectors", "true").save(location);
    spark.sql("DELETE FROM delta.`" + location + "` WHERE name = 'b'");

    KernelReader.Rows read = new KernelReader(spark).read(location, 1, COLUMNS).orElseThrow();

    List<Row> expected =
        spark.read().format("delta").option("versionAsOf", 1).load(location)
            .selectExpr(COLUMNS.toArray(String[]::new)).collectAsList();
    assertThat(read.rows()).hasSize(2).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(read.schema().fieldNames()).containsExactlyElementsOf(COLUMNS);
    assertThat(new KernelReader(spark).read(location, 0, COLUMNS).orElseThrow().rows()).hasSize(3);
  }

  @Test
  void aColumnOfATypeItDoesNotConvertLeavesTheReadToSpark() {
    String location = folder.resolve("nested").toString();
    spark.sql("SELECT 'a' AS name, array(1, 2) AS numbers").write().format("delta").save(location);

    assertThat(new KernelReader(spark).read(location, 0, List.of("name", "numbers"))).isEmpty();
    assertThat(new KernelReader(spark).read(location, 0, List.of("name")).orElseThrow().rows())
        .extracting(row -> row.getString(0))
        .containsExactly("a");
  }
}
