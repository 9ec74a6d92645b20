package dev.medallion.ops;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;

import dev.medallion.testing.SharedSpark;
import org.apache.spark.metrics.source.CodegenMetrics;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * Generated code compiled once per process: every micro-batch plans the same queries again, in
 * the pipeline's session and in the gold writers' own sessions.
 */
class CompiledPlansIT {
  private static long compilations() {
    return CodegenMetrics.METRIC_COMPILATION_TIME().getCount();
  }

  /** A query whose generated code no other test compiles: its own column names and constant. */
  private static Dataset<Row> query(SparkSession session, String name, int constant) {
    return session.range(3).withColumn(name, col("id").multiply(lit(constant)).plus(lit(constant)));
  }

  @Test
  void aQueryPlannedAgainInAnotherSessionIsNotCompiledAgain() {
    SparkSession spark = SharedSpark.session();
    query(spark, "compiled_once", 77_001).collectAsList();
    long before = compilations();

    query(spark.newSession(), "compiled_once", 77_001).collectAsList();

    assertThat(compilations()).isEqualTo(before);
  }

  @Test
  void theCodeOfOverAHundredQueriesStaysCompiled() {
    SparkSession spark = SharedSpark.session();
    query(spark, "kept_0", 88_000).collectAsList();
    for (int i = 1; i <= 110; i++) {
      query(spark, "kept_" + i, 88_000 + i).collectAsList();
    }
    long before = compilations();

    query(spark, "kept_0", 88_000).collectAsList();

    assertThat(compilations()).isEqualTo(before);
  }
}
