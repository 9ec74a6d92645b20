package dev.medallion.gold;

import static org.assertj.core.api.Assertions.assertThat;

import dev.medallion.ops.BatchIdentity;
import dev.medallion.spec.MeasureSpec;
import dev.medallion.spec.WindowSpec;
import dev.medallion.testing.SharedSpark;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The window watermark carried from batch to batch in memory is the one the table gives: a record
 * behind it goes to the late table, in the same process and after a restart.
 */
class WindowWatermarkIT {
  private static final WindowSpec SPEC =
      new WindowSpec(
          "activity",
          "silver.events",
          "event_time",
          Duration.ofMinutes(5),
          Duration.ofMinutes(10),
          List.of("customer_id"),
          List.of(new MeasureSpec("event_count", MeasureSpec.Aggregation.COUNT, Optional.empty(), Optional.empty())));

  @TempDir Path folder;

  @Test
  void recordsBehindTheWatermarkGoToTheLateTableWithinARunAndAfterARestart() {
    SparkSession spark = SharedSpark.session();
    String location = location("window");
    String late = location("window_late");
    WindowAggregate window = created("window");
    SparkSession session = spark.newSession();

    write(window, session, events("c1", "2026-11-20T12:00:00Z"), 0);
    write(window, session, events("c1", "2026-11-20T11:45:00Z", "c1", "2026-11-20T11:55:00Z"), 1);
    assertThat(lateTimes(spark, late)).containsExactly("2026-11-20T11:45:00Z");

    WindowAggregate restarted = new WindowAggregate(SPEC, location, late);
    write(restarted, session, events("c2", "2026-11-20T11:49:00Z", "c2", "2026-11-20T12:30:00Z"), 2);
    assertThat(lateTimes(spark, late)).containsExactly("2026-11-20T11:45:00Z", "2026-11-20T11:49:00Z");
    write(restarted, session, events("c2", "2026-11-20T12:21:00Z"), 3);
    assertThat(lateTimes(spark, late))
        .as("12:30 from the previous batch moved the watermark to 12:20")
        .containsExactly("2026-11-20T11:45:00Z", "2026-11-20T11:49:00Z");
    write(restarted, session, events("c2", "2026-11-20T12:19:00Z"), 4);
    assertThat(lateTimes(spark, late)).hasSize(3);
    long onTime =
        spark.read().format("delta").load(location).agg(org.apache.spark.sql.functions.sum("event_count")).first().getLong(0);
    assertThat(onTime).isEqualTo(4);
  }

  @Test
  void aWindowPreparedBeforeItsFirstBatchHoldsItsTableAndKeepsItsWatermark() {
    SparkSession spark = SharedSpark.session();
    String location = location("prepared");
    String late = location("prepared_late");
    SparkSession session = spark.newSession();
    write(created("prepared"), session, events("c1", "2026-11-20T12:00:00Z"), 0);
    long latest = spark.sql("DESCRIBE HISTORY delta.`" + location + "` LIMIT 1").first().getLong(0);
    WindowAggregate restarted = new WindowAggregate(SPEC, location, late);

    restarted.prepare(session);

    assertThat(restarted.heldVersion()).isEqualTo(latest);
    write(restarted, session, events("c2", "2026-11-20T11:49:00Z", "c2", "2026-11-20T12:30:00Z"), 1);
    assertThat(lateTimes(spark, late)).as("behind 11:50, the prepared watermark").containsExactly("2026-11-20T11:49:00Z");
  }

  @Test
  void aLateCountTakenAgainstAnotherWatermarkIsNotUsed() {
    WindowAggregate window = created("w");
    SparkSession session = SharedSpark.session().newSession();
    write(window, session, events("c1", "2026-11-20T12:00:00Z"), 0);
    Dataset<Row> rows = events("c1", "2026-11-20T11:45:00Z", "c1", "2026-11-20T11:55:00Z");

    long late =
        window.write(
            session, rows, latest(rows), Optional.of(new WindowAggregate.LateCount(Instant.EPOCH, 99)),
            new BatchIdentity("q", 1), Instant.EPOCH);

    assertThat(late).isEqualTo(1);
  }

  /** A window over the tables {@code name} and {@code name_late} in the test's folder, created. */
  private WindowAggregate created(String name) {
    WindowAggregate window = new WindowAggregate(SPEC, location(name), location(name + "_late"));
    window.createIfMissing(SharedSpark.session(), events("c1", "2026-11-20T12:00:00Z").limit(0));
    return window;
  }

  private String location(String name) {
    return folder.resolve(name).toString();
  }

  /** Writes a batch with its late rows counted as the fact writer counts them, in one summary job. */
  private static void write(WindowAggregate window, SparkSession session, Dataset<Row> rows, long batch) {
    Optional<WindowAggregate.LateCount> counted =
        window
            .watermark(session)
            .map(mark -> new WindowAggregate.LateCount(mark, rows.agg(window.lateRows(mark)).first().getLong(0)));
    window.write(session, rows, latest(rows), counted, new BatchIdentity("q", batch), Instant.EPOCH);
  }

  private static Optional<Instant> latest(Dataset<Row> rows) {
    return rows.collectAsList().stream()
        .map(r -> ((java.sql.Timestamp) r.get(1)).toInstant())
        .max(Instant::compareTo);
  }

  private static Dataset<Row> events(String... customerAndTime) {
    StringBuilder sql = new StringBuilder();
    for (int i = 0; i < customerAndTime.length; i += 2) {
      sql.append(i == 0 ? "" : " UNION ALL ")
          .append("SELECT '")
          .append(customerAndTime[i])
          .append("' AS customer_id, TIMESTAMP '")
          .append(customerAndTime[i + 1].replace("T", " ").replace("Z", ""))
          .append("' AS event_time");
    }
    return SharedSpark.session().sql(sql.toString());
  }

  private static List<String> lateTimes(SparkSession spark, String late) {
    return spark.read().format("delta").load(late).orderBy("event_time").collectAsList().stream()
        .map(r -> ((java.sql.Timestamp) r.getAs("event_time")).toInstant().toString())
        .collect(Collectors.toList());
  }
}
