package dev.medallion.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.medallion.spec.MedallionException;
import dev.medallion.testing.SharedSpark;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.Option;

/**
 * A continuous run answers for its own streams, not for others that ran in the same session; a run
 * that stops when caught up leaves the checkpoints that are due.
 */
class PipelineRunnerIT {
  @TempDir Path checkpoints;

  /** A stream of the rate source whose every batch runs {@code batch}. */
  private PipelineStream stream(String name, VoidFunction2<Dataset<Row>, Long> batch) {
    return stream(
        name,
        SharedSpark.session().readStream().format("rate").option("rowsPerSecond", 5).load(),
        batch);
  }

  /** A stream of {@code source} whose every batch runs {@code batch}. */
  private PipelineStream stream(String name, Dataset<Row> source, VoidFunction2<Dataset<Row>, Long> batch) {
    return new PipelineStream() {
      @Override
      public String table() {
        return name;
      }

      @Override
      public Duration trigger() {
        return Duration.ofMillis(200);
      }

      @Override
      public StreamingQuery start(Trigger trigger) {
        try {
          return source
              .writeStream()
              .queryName(name)
              .option("checkpointLocation", checkpoints.resolve(name).toString())
              .trigger(trigger)
              .foreachBatch(batch)
              .start();
        } catch (TimeoutException e) {
          throw new IllegalStateException(e);
        }
      }
    };
  }

  @Test
  void aRunThatStopsWhenCaughtUpCheckpointsTheTablesThatAreDue(@TempDir Path data) {
    SparkSession spark = SharedSpark.session();
    String input = data.resolve("input").toString();
    String table = data.resolve("table").toString();
    StructType schema = new StructType().add("id", DataTypes.LongType);
    spark.range(3).repartition(3).write().parquet(input);
    DeltaWrites.createIfMissing(spark, table, schema, List.of(), Map.of());
    PipelineStream copying =
        stream(
            "runner_copying",
            spark.readStream().schema(schema).option("maxFilesPerTrigger", 1).parquet(input),
            (rows, id) -> rows.write().format("delta").mode("append").save(table));

    try (PipelineRunner runner =
        new PipelineRunner(List.of(copying), new TableCheckpoints(spark, List.of(table), 3))) {
      runner.runOnce();
    }

    assertThat(
            DeltaLog.forTable(spark, table).update(false, Option.empty(), Option.empty())
                .logSegment().checkpointProvider().version())
        .as("a checkpoint at the third batch's commit")
        .isEqualTo(3L);
  }

  private static TableCheckpoints noTables() {
    return new TableCheckpoints(SharedSpark.session(), List.of());
  }

  @Test
  void aStreamThatCannotStartIsNamedInTheRunsError() {
    PipelineStream broken =
        new PipelineStream() {
          @Override
          public String table() {
            return "bronze.broken";
          }

          @Override
          public Duration trigger() {
            return Duration.ofMillis(200);
          }

          @Override
          public StreamingQuery start(Trigger trigger) {
            throw new IllegalStateException("gold table /x version 3: a file the log does not list");
          }
        };
    try (PipelineRunner runner = new PipelineRunner(List.of(broken), noTables())) {
      assertThatThrownBy(runner::runContinuously)
          .isInstanceOf(MedallionException.class)
          .hasMessage(
              "starting bronze.broken failed: IllegalStateException: gold table /x version 3: a file the log does not list");
    }
  }

  @Test
  void anEarlierRunsFailedStreamDoesNotFailTheNextRun() throws Exception {
    VoidFunction2<Dataset<Row>, Long> failing = (rows, id) -> {
      throw new IllegalStateException("the first run's stream broke");
    };
    try (PipelineRunner first = new PipelineRunner(List.of(stream("runner_first", failing)), noTables())) {
      assertThatThrownBy(first::runContinuously).isInstanceOf(MedallionException.class);
    }

    AtomicReference<Throwable> failure = new AtomicReference<>();
    PipelineRunner next = new PipelineRunner(List.of(stream("runner_next", (rows, id) -> rows.count())), noTables());
    Thread running = new Thread(() -> {
      try {
        next.runContinuously();
      } catch (Throwable e) {
        failure.set(e);
      }
    });
    running.start();
    await().atMost(Duration.ofSeconds(60))
        .until(() -> failure.get() != null
            || (!next.queries().isEmpty() && next.queries().get(0).lastProgress() != null
                && next.queries().get(0).lastProgress().batchId() >= 2));
    next.close();
    running.join(Duration.ofMinutes(1).toMillis());

    assertThat(failure.get()).isNull();
  }
}
