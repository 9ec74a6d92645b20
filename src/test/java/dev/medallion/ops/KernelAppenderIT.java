package dev.medallion.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.medallion.testing.SharedSpark;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Metrics rows appended through Kernel read back through Spark, once per batch identity. */
class KernelAppenderIT {
  @TempDir Path home;

  @Test
  void aBatchIsAppendedOnceAndReadsBackWithItsTimestamps() {
    SparkSession spark = SharedSpark.session();
    String location = home.resolve("batch_metrics").toString();
    DeltaWrites.createIfMissing(spark, location, PipelineMetrics.SCHEMA, List.of(), Map.of());
    Instant started = Instant.parse("2026-11-20T12:00:00.123456Z");
    Row row =
        RowFactory.create(
            "silver", "silver.events", "query-1", 7L, 10L, 8L, 1L, 1L, 0L,
            Timestamp.from(started), Timestamp.from(started.plusMillis(1500)), 1500L, null,
            Timestamp.from(started.minusSeconds(2)));
    KernelAppender appender = new KernelAppender(spark);

    assertThat(appender.appendOnce(location, PipelineMetrics.SCHEMA, List.of(row), new BatchIdentity("query-1", 7)))
        .isTrue();
    assertThat(appender.appendOnce(location, PipelineMetrics.SCHEMA, List.of(row), new BatchIdentity("query-1", 7)))
        .as("a replayed batch")
        .isFalse();

    List<Row> read = spark.read().format("delta").load(location).collectAsList();
    assertThat(read).hasSize(1);
    Row back = read.get(0);
    assertThat(back.getString(1)).isEqualTo("silver.events");
    assertThat(back.getLong(3)).isEqualTo(7L);
    assertThat(back.getTimestamp(9).toInstant()).isEqualTo(started);
    assertThat(back.isNullAt(12)).isTrue();
    assertThat(back.getTimestamp(13).toInstant()).isEqualTo(started.minusSeconds(2));
    String statistics =
        org.apache.spark.sql.delta.DeltaLog.forTable(spark, location)
            .update(false, scala.Option.empty(), scala.Option.empty())
            .allFiles()
            .collectAsList()
            .get(0)
            .stats();
    assertThat(statistics)
        .as("the file's statistics, as Delta skips files by")
        .contains("\"numRecords\":1")
        .contains("\"batch_id\":7");
  }
}
