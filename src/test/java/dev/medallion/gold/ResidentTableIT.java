package dev.medallion.gold;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.medallion.ops.BatchIdentity;
import dev.medallion.ops.DeltaWrites;
import dev.medallion.spec.MeasureSpec;
import dev.medallion.testing.SharedSpark;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A table held in the driver is written as Delta's MERGE would write it. */
class ResidentTableIT {
  @TempDir Path folder;

  private final SparkSession spark = SharedSpark.session();

  @Test
  void aMergeRecordsUpdatesInsertsAndDeletesInTheChangeFeedAndTheHistory() {
    MeasureTable table = table("changes");
    SparkSession session = spark.newSession();
    table.merge(session, partials(table, "('c1', 5), ('c1', 7), ('c2', 1)"), Optional.empty(), batch(0), Instant.EPOCH);

    Dataset<Row> goneKeys = spark.sql("SELECT DATE'2026-11-20' AS day, 'c2' AS customer_id");
    table.merge(session, partials(table, "('c1', 3), ('c3', 4)"), Optional.of(goneKeys), batch(1), Instant.EPOCH);

    assertThat(rows(table)).containsExactly("[c1,3,15,3]", "[c3,1,4,4]");
    List<String> changes =
        spark.read().format("delta").option("readChangeFeed", "true").option("startingVersion", 2)
            .load(table.location())
            .selectExpr("customer_id", "event_count", "_change_type")
            .orderBy("customer_id", "_change_type")
            .collectAsList().stream().map(Row::toString).toList();
    assertThat(changes)
        .containsExactly(
            "[c1,3,update_postimage]", "[c1,2,update_preimage]", "[c2,1,delete]", "[c3,1,insert]");
    Row history = spark.sql("DESCRIBE HISTORY delta.`" + table.location() + "` LIMIT 1").first();
    assertThat(history.<String>getAs("operation")).isEqualTo("MERGE");
    assertThat(history.<String, String>getJavaMap(history.fieldIndex("operationMetrics")))
        .containsEntry("numTargetRowsUpdated", "1")
        .containsEntry("numTargetRowsInserted", "1")
        .containsEntry("numTargetRowsDeleted", "1");
  }

  @Test
  void aTablePreparedHoldsItsLatestRowsBeforeItsFirstBatchWhenTheyFitItsBound() {
    MeasureTable written = table("prepared");
    written.merge(spark.newSession(), partials(written, "('c1', 5)"), Optional.empty(), batch(0), Instant.EPOCH);
    long latest = spark.sql("DESCRIBE HISTORY delta.`" + written.location() + "` LIMIT 1").first().getLong(0);
    MeasureTable restarted = table("prepared");
    assertThat(restarted.heldVersion()).isEqualTo(-1);

    restarted.prepare(spark.newSession());

    assertThat(restarted.heldVersion()).isEqualTo(latest);
    MeasureTable tooLarge = table("prepared", 0);
    tooLarge.prepare(spark.newSession());
    assertThat(tooLarge.heldVersion()).as("one row is past a bound of none").isEqualTo(-1);
  }

  @Test
  void aCommitFromElsewhereIsReadBeforeTheNextMerge() {
    MeasureTable table = table("elsewhere");
    SparkSession session = spark.newSession();
    table.merge(session, partials(table, "('c1', 5)"), Optional.empty(), batch(0), Instant.EPOCH);
    table.merge(session, partials(table, "('c2', 1)"), Optional.empty(), batch(1), Instant.EPOCH);
    // compaction replaces the files this writer wrote with one it does not know
    spark.sql("OPTIMIZE delta.`" + table.location() + "`");

    table.merge(session, partials(table, "('c1', 2)"), Optional.empty(), batch(2), Instant.EPOCH);

    assertThat(rows(table)).containsExactly("[c1,2,7,2]", "[c2,1,1,1]");
  }

  @Test
  void aReplayedBatchIsSkippedEvenAfterTheTableWasReadAgain() {
    MeasureTable table = table("replay");
    table.merge(spark.newSession(), partials(table, "('c1', 5)"), Optional.empty(), batch(0), Instant.EPOCH);

    // a new writer (a restarted pipeline) replays the batch, then writes the next one
    MeasureTable restarted = table("replay");
    restarted.merge(spark.newSession(), partials(table, "('c1', 5)"), Optional.empty(), batch(0), Instant.EPOCH);
    restarted.merge(spark.newSession(), partials(table, "('c1', 1)"), Optional.empty(), batch(1), Instant.EPOCH);

    assertThat(rows(table)).containsExactly("[c1,2,6,1]");
  }

  @Test
  void batchesAndTablesPastTheLimitGoThroughDeltasMergeWithTheSameResult() {
    MeasureTable table = table("large", 2);
    SparkSession session = spark.newSession();
    table.merge(session, partials(table, "('c1', 5)"), Optional.empty(), batch(0), Instant.EPOCH);
    // three partial aggregates: more than the driver holds for this table
    table.merge(session, partials(table, "('c1', 1), ('c2', 2), ('c3', 3)"), Optional.empty(), batch(1), Instant.EPOCH);
    // three rows in the table: more than it holds
    table.merge(session, partials(table, "('c1', 4)"), Optional.empty(), batch(2), Instant.EPOCH);
    table.merge(session, partials(table, "('c1', 4)"), Optional.empty(), batch(2), Instant.EPOCH);

    assertThat(rows(table)).containsExactly("[c1,3,10,1]", "[c2,1,2,2]", "[c3,1,3,3]");
    List<String> merges =
        spark.sql("DESCRIBE HISTORY delta.`" + table.location() + "`")
            .filter("operation = 'MERGE'")
            .orderBy("version")
            .selectExpr("operationParameters['matchedPredicates']")
            .collectAsList().stream().map(row -> row.getString(0)).toList();
    assertThat(merges).hasSize(3);
    assertThat(merges.get(0)).as("held in the driver").isEqualTo("[]");
    assertThat(merges.subList(1, 3)).as("Delta's MERGE").allSatisfy(p -> assertThat(p).contains("delete"));
  }

  @Test
  void aPartitionsChangedAndUnchangedRowsAreRewrittenToOneFile() {
    MeasureTable table = table("onefile");
    SparkSession session = spark.newSession();
    table.merge(session, partials(table, "('c1', 5), ('c2', 1)"), Optional.empty(), batch(0), Instant.EPOCH);

    table.merge(session, partials(table, "('c1', 3)"), Optional.empty(), batch(1), Instant.EPOCH);

    assertThat(rows(table)).containsExactly("[c1,2,8,3]", "[c2,1,1,1]");
    Row history = spark.sql("DESCRIBE HISTORY delta.`" + table.location() + "` LIMIT 1").first();
    assertThat(history.<String, String>getJavaMap(history.fieldIndex("operationMetrics")))
        .containsEntry("numTargetRowsCopied", "1")
        .containsEntry("numTargetFilesAdded", "1")
        .containsEntry("numTargetFilesRemoved", "1");
    assertThat(spark.read().format("delta").load(table.location()).inputFiles()).hasSize(1);
  }

  @Test
  void aTablesCheckConstraintHoldsForItsRewrites() {
    MeasureTable table = table("checked");
    SparkSession session = spark.newSession();
    table.merge(session, partials(table, "('c1', 5)"), Optional.empty(), batch(0), Instant.EPOCH);
    spark.sql("ALTER TABLE delta.`" + table.location() + "` ADD CONSTRAINT small CHECK (total < 100)");

    table.merge(session, partials(table, "('c1', 6)"), Optional.empty(), batch(1), Instant.EPOCH);

    assertThat(rows(table)).containsExactly("[c1,2,11,5]");
    assertThatThrownBy(
            () -> table.merge(session, partials(table, "('c1', 200)"), Optional.empty(), batch(2), Instant.EPOCH))
        .hasStackTraceContaining("CHECK constraint small");
    assertThat(rows(table)).containsExactly("[c1,2,11,5]");
  }

  @Test
  void anUpsertEqualToTheStoredRowChangesNothing() {
    String location = folder.resolve("same").toString();
    StructType schema = new StructType().add("id", "string").add("version_of", "bigint");
    DeltaWrites.createIfMissing(spark, location, schema, List.of(), Map.of());
    ResidentTable table = new ResidentTable(location, List.of("id"), List.of());
    SparkSession session = spark.newSession();
    table.write(session, batch(0), current -> upserts(RowFactory.create("c1", 1L), RowFactory.create("c2", 1L)));

    table.write(session, batch(1), current -> upserts(RowFactory.create("c1", 1L), RowFactory.create("c2", 2L)));

    List<String> changes =
        spark.read().format("delta").option("readChangeFeed", "true").option("startingVersion", 2).load(location)
            .selectExpr("id", "version_of", "_change_type")
            .orderBy("_change_type")
            .collectAsList().stream().map(Row::toString).toList();
    assertThat(changes).containsExactly("[c2,2,update_postimage]", "[c2,1,update_preimage]");
  }

  private static Optional<ResidentTable.Changes> upserts(Row... rows) {
    return Optional.of(new ResidentTable.Changes(List.of(rows), Set.of()));
  }

  private MeasureTable table(String name) {
    return table(name, ResidentTable.MAX_ROWS);
  }

  private MeasureTable table(String name, int maxRows) {
    MeasureTable table =
        new MeasureTable(
            folder.resolve(name).toString(),
            List.of("day", "customer_id"),
            List.of(
                new MeasureSpec("event_count", MeasureSpec.Aggregation.COUNT, Optional.empty(), Optional.empty()),
                new MeasureSpec("total", MeasureSpec.Aggregation.SUM, Optional.of("amount"), Optional.empty()),
                new MeasureSpec("smallest", MeasureSpec.Aggregation.MIN, Optional.of("amount"), Optional.empty())),
            Map.of(),
            List.of("day"),
            maxRows);
    table.createIfMissing(spark, source("('c0', 0)").limit(0));
    return table;
  }

  private Dataset<Row> partials(MeasureTable table, String values) {
    return table.aggregate(source(values));
  }

  private Dataset<Row> source(String values) {
    return spark.sql(
        "SELECT DATE'2026-11-20' AS day, customer_id, CAST(amount AS BIGINT) AS amount FROM VALUES "
            + values
            + " AS t(customer_id, amount)");
  }

  private static Optional<BatchIdentity> batch(long version) {
    return Optional.of(new BatchIdentity("query", version));
  }

  private List<String> rows(MeasureTable table) {
    return spark.read().format("delta").load(table.location())
        .selectExpr("customer_id", "event_count", "total", "smallest")
        .orderBy("customer_id")
        .collectAsList().stream().map(Row::toString).toList();
  }
}
