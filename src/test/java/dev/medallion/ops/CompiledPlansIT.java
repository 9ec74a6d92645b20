package dev.medallion.ops;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.assertj.core.api.Assertions.assertThat;

import dev.medallion.testing.SharedSpark;
import java.sql.Timestamp;
import java.time.Instant;
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
  void aBatchTimestampIsCarriedNotCompiled() {
    SparkSession spark = SharedSpark.session();
    Instant first = Instant.parse("2026-11-25T10:00:00.123456Z");
    Instant second = Instant.parse("2026-11-25T10:00:05.654321Z");
    assertThat(stampedLater(spark, first)).isEqualTo(Timestamp.from(first));
    long before = compilations();

    assertThat(stampedLater(spark, second)).isEqualTo(Timestamp.from(second));

    assertThat(compilations()).as("the second batch's plan compiled again").isEqualTo(before);
  }

  /** The batch timestamp written beside rows filtered by it, as a batch's stages would use it. */
  private static Timestamp stampedLater(SparkSession spark, Instant batchStart) {
    return (Timestamp)
        spark.range(5)
            .withColumn("event_time", col("id").multiply(lit(1_000_000)).cast("timestamp"))
            .withColumn("stamped_at", BatchValues.timestamp(batchStart))
            .filter(col("event_time").lt(BatchValues.timestamp(batchStart)))
            .agg(max(col("stamped_at")))
            .first()
            .get(0);
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
