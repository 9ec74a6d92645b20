package dev.medallion.silver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.medallion.spec.DedupSpec;
import dev.medallion.testing.SharedSpark;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deduplication rule on a small static batch against a small silver table: first by bronze
 * position within the batch, removed when silver has the key under other coordinates within the
 * window, kept when silver has it under the same coordinates (a replay), NULL keys never matching
 * silver. The three ways of deciding (the driver's key index; a scan of silver with decisions on
 * the driver or distributed) give the same rows.
 */
class DeduplicatorIT {
  private static final StructType SCHEMA =
      new StructType()
          .add("event_id", DataTypes.StringType, true)
          .add("event_time", DataTypes.TimestampType, false)
          .add("kafka_topic", DataTypes.StringType, false)
          .add("kafka_partition", DataTypes.IntegerType, false)
          .add("kafka_offset", DataTypes.LongType, false);
  private static final DedupSpec DEDUP = new DedupSpec(List.of("event_id"), "event_time", Duration.ofDays(30));

  @TempDir Path silver;

  @Test
  void removesLaterCopiesAndKeysAlreadyInSilverButNotTheBatchOwnRows() {
    write(
        List.of(
            row("a", "2026-11-10T00:00:00Z", 0, 1),
            row("b", "2026-11-10T00:00:00Z", 0, 2),
            row("old", "2026-09-01T00:00:00Z", 0, 3)));
    Dataset<Row> batch =
        frame(
            List.of(
                row("a", "2026-11-20T00:00:00Z", 1, 10),
                row("b", "2026-11-10T00:00:00Z", 0, 2),
                row("c", "2026-11-20T00:00:00Z", 1, 5),
                row("c", "2026-11-20T00:00:00Z", 0, 7),
                row("old", "2026-11-20T00:00:00Z", 0, 20),
                row(null, "2026-11-20T00:00:00Z", 0, 31),
                row(null, "2026-11-20T00:00:00Z", 0, 30),
                row("d", "2026-11-15T00:00:00Z", 1, 6)));
    Optional<Instant> earliest = Optional.of(Instant.parse("2026-11-10T00:00:00Z"));
    List<String> expected = List.of("b@0:2", "c@0:7", "d@1:6", "null@0:30", "old@0:20");

    for (Deduplicator deduplicator :
        List.of(
            new Deduplicator(DEDUP),
            new Deduplicator(DEDUP, SilverKeyScan.MAX_LOCAL_DECISIONS, 0),
            new Deduplicator(DEDUP, 1, 0))) {
      Deduplicator.Outcome outcome =
          deduplicator.removeDuplicates(SharedSpark.session(), batch, silver.toString(), earliest);
      assertThat(describe(outcome.unique())).isEqualTo(expected);
      assertThat(outcome.duplicates()).isEqualTo(3);
    }
  }

  @Test
  void theKeyIndexLearnsEachCommittedBatchWithoutReadingSilverAgain() {
    write(List.of(row("a", "2026-11-10T00:00:00Z", 0, 1)));
    Deduplicator deduplicator = new Deduplicator(DEDUP);
    Optional<Instant> earliest = Optional.of(Instant.parse("2026-11-20T00:00:00Z"));

    Dataset<Row> first = frame(List.of(row("x", "2026-11-20T00:00:00Z", 0, 5), row("a", "2026-11-20T00:00:00Z", 0, 6)));
    Deduplicator.Outcome outcome =
        deduplicator.removeDuplicates(SharedSpark.session(), first, silver.toString(), earliest);
    assertThat(describe(outcome.unique())).containsExactly("x@0:5");
    assertThat(deduplicator.indexedKeys()).isEqualTo(1);
    outcome.unique().write().format("delta").mode("append").save(silver.toString());
    deduplicator.committed(outcome);
    assertThat(deduplicator.indexedKeys()).isEqualTo(2);

    Dataset<Row> second =
        frame(List.of(row("x", "2026-11-21T00:00:00Z", 1, 9), row("x", "2026-11-20T00:00:00Z", 0, 5), row("y", "2026-11-21T00:00:00Z", 1, 10)));
    Deduplicator.Outcome next =
        deduplicator.removeDuplicates(SharedSpark.session(), second, silver.toString(), earliest);
    assertThat(describe(next.unique()))
        .as("x is in silver at 0:5: its replay stays, its copy at 1:9 goes")
        .containsExactly("x@0:5", "y@1:10");
    assertThat(next.duplicates()).isEqualTo(1);
    assertThat(describe(new Deduplicator(DEDUP, 1, 0).removeDuplicates(SharedSpark.session(), second, silver.toString(), earliest).unique()))
        .as("the scan of silver agrees")
        .containsExactly("x@0:5", "y@1:10");
  }

  @Test
  void preparingLoadsTheKeyIndexBeforeTheFirstBatchWhenItFitsItsBound() {
    write(List.of(row("a", "2026-11-10T00:00:00Z", 0, 1), row("b", "2026-11-11T00:00:00Z", 0, 2)));
    Deduplicator deduplicator = new Deduplicator(DEDUP);
    assertThat(deduplicator.indexedKeys()).isEqualTo(-1);

    deduplicator.prepare(SharedSpark.session(), silver.toString());

    assertThat(deduplicator.indexedKeys()).isEqualTo(2);
    Dataset<Row> batch = frame(List.of(row("a", "2026-11-20T00:00:00Z", 1, 7), row("c", "2026-11-20T00:00:00Z", 1, 8)));
    Optional<Instant> earliest = Optional.of(Instant.parse("2026-11-20T00:00:00Z"));
    assertThat(describe(deduplicator.removeDuplicates(SharedSpark.session(), batch, silver.toString(), earliest).unique()))
        .containsExactly("c@1:8");
    Deduplicator tooSmall = new Deduplicator(DEDUP, SilverKeyScan.MAX_LOCAL_DECISIONS, 10);
    tooSmall.prepare(SharedSpark.session(), silver.toString());
    assertThat(tooSmall.indexedKeys()).as("two keys do not fit in 10 bytes").isEqualTo(-1);
    assertThat(describe(tooSmall.removeDuplicates(SharedSpark.session(), batch, silver.toString(), earliest).unique()))
        .as("silver decides instead")
        .containsExactly("c@1:8");
  }

  @Test
  void anIndexOutgrowingItsBoundAfterACommittedBatchIsDroppedAndSilverDecides() {
    write(List.of(row("a", "2026-11-10T00:00:00Z", 0, 1)));
    // room for the one key loaded, not for the arrays the index then holds
    Deduplicator deduplicator = new Deduplicator(DEDUP, SilverKeyScan.MAX_LOCAL_DECISIONS, 1_000);
    Optional<Instant> earliest = Optional.of(Instant.parse("2026-11-20T00:00:00Z"));
    Deduplicator.Outcome outcome =
        deduplicator.removeDuplicates(
            SharedSpark.session(), frame(List.of(row("x", "2026-11-20T00:00:00Z", 0, 5))), silver.toString(), earliest);
    assertThat(deduplicator.indexedKeys()).isEqualTo(1);
    outcome.unique().write().format("delta").mode("append").save(silver.toString());

    deduplicator.committed(outcome);

    assertThat(deduplicator.indexedKeys()).as("dropped once the batch's keys were in").isEqualTo(-1);
    Dataset<Row> next = frame(List.of(row("x", "2026-11-21T00:00:00Z", 1, 9), row("y", "2026-11-21T00:00:00Z", 1, 10)));
    assertThat(describe(deduplicator.removeDuplicates(SharedSpark.session(), next, silver.toString(), earliest).unique()))
        .containsExactly("y@1:10");
  }

  @Test
  void aBatchReachingBehindTheIndexHorizonIsDecidedFromSilver() {
    write(List.of(row("a", "2026-11-20T00:00:00Z", 0, 1), row("old", "2026-08-01T00:00:00Z", 0, 2)));
    Deduplicator deduplicator = new Deduplicator(DEDUP);
    Dataset<Row> batch = frame(List.of(row("old", "2026-08-20T00:00:00Z", 1, 7), row("b", "2026-11-20T00:00:00Z", 1, 8)));
    Deduplicator.Outcome outcome =
        deduplicator.removeDuplicates(
            SharedSpark.session(), batch, silver.toString(), Optional.of(Instant.parse("2026-08-20T00:00:00Z")));
    assertThat(describe(outcome.unique()))
        .as("'old' is 111 days behind the newest row, beyond the index's 60 days, yet caught")
        .containsExactly("b@1:8");
    assertThat(outcome.duplicates()).isEqualTo(1);
  }

  @Test
  void aBatchWithoutDuplicatesIsReturnedAsItIs() {
    write(List.of(row("a", "2026-11-10T00:00:00Z", 0, 1)));
    Dataset<Row> batch = frame(List.of(row("x", "2026-11-20T00:00:00Z", 0, 5), row("y", "2026-11-20T00:00:00Z", 1, 5)));
    Deduplicator.Outcome outcome =
        new Deduplicator(DEDUP).removeDuplicates(SharedSpark.session(), batch, silver.toString(), Optional.empty());
    assertThat(describe(outcome.unique())).containsExactly("x@0:5", "y@1:5");
    assertThat(outcome.duplicates()).isZero();
  }

  @Test
  void floatingPointKeysAreComparedAsSqlDoesEvenThoughTheirBitsDiffer() {
    StructType schema =
        new StructType()
            .add("reading", DataTypes.DoubleType, false)
            .add("event_time", DataTypes.TimestampType, false)
            .add("kafka_topic", DataTypes.StringType, false)
            .add("kafka_partition", DataTypes.IntegerType, false)
            .add("kafka_offset", DataTypes.LongType, false);
    Timestamp time = Timestamp.from(Instant.parse("2026-11-20T00:00:00Z"));
    SharedSpark.session()
        .createDataFrame(List.of(RowFactory.create(1.5, time, "events", 0, 1L)), schema)
        .write().format("delta").mode("overwrite").save(silver.toString());
    Dataset<Row> batch =
        SharedSpark.session()
            .createDataFrame(
                List.of(
                    RowFactory.create(0.0, time, "events", 0, 5L),
                    RowFactory.create(-0.0, time, "events", 0, 6L),
                    RowFactory.create(1.5, time, "events", 0, 7L)),
                schema);
    Deduplicator.Outcome outcome =
        new Deduplicator(new DedupSpec(List.of("reading"), "event_time", Duration.ofDays(1)))
            .removeDuplicates(SharedSpark.session(), batch, silver.toString(), Optional.of(time.toInstant()));
    assertThat(outcome.unique().collectAsList()).extracting(r -> r.getLong(4)).containsExactly(5L);
    assertThat(outcome.duplicates()).isEqualTo(2);
  }

  private static Row row(String id, String time, int partition, long offset) {
    return RowFactory.create(id, Timestamp.from(Instant.parse(time)), "events", partition, offset);
  }

  private static Dataset<Row> frame(List<Row> rows) {
    return SharedSpark.session().createDataFrame(rows, SCHEMA);
  }

  private void write(List<Row> rows) {
    frame(rows).write().format("delta").mode("overwrite").save(silver.toString());
  }

  private static List<String> describe(Dataset<Row> rows) {
    return rows.collectAsList().stream()
        .map(r -> r.getString(0) + "@" + r.getInt(3) + ":" + r.getLong(4))
        .sorted()
        .collect(Collectors.toList());
  }
}
