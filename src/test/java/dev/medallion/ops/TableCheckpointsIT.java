package dev.medallion.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.medallion.testing.SharedSpark;
import io.delta.tables.DeltaTable;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.Snapshot;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.Option;

/** Checkpoints of Medallion's tables come from TableCheckpoints, never from the commits. */
class TableCheckpointsIT {
  private static final StructType SCHEMA = new StructType().add("id", DataTypes.LongType);

  @TempDir Path home;

  private final SparkSession spark = SharedSpark.session();

  private String table(String name) {
    String location = home.resolve(name).toString();
    DeltaWrites.createIfMissing(spark, location, SCHEMA, List.of(), Map.of());
    return location;
  }

  private void commits(String location, int count) {
    for (int i = 0; i < count; i++) {
      spark.range(1).write().format("delta").mode("append").save(location);
    }
  }

  private static List<Long> checkpointVersions(String location) {
    File[] files = new File(location, "_delta_log").listFiles((dir, name) -> name.endsWith(".checkpoint.parquet"));
    return Arrays.stream(files).map(file -> Long.parseLong(file.getName().substring(0, 20))).sorted().toList();
  }

  @Test
  void theTenthCommitOfAMedallionTableWritesNoCheckpoint() {
    String location = table("events");

    commits(location, 11);

    assertThat(checkpointVersions(location)).as("Delta checkpoints a table at version 10 by default").isEmpty();
  }

  @Test
  void aTableIsCheckpointedAtItsLatestVersionOnceTheIntervalHasPassed() {
    String location = table("facts");
    TableCheckpoints checkpoints = new TableCheckpoints(spark, List.of(location), 3);

    commits(location, 2);
    assertThat(checkpoints.writeDue()).as("two commits after the creation").isZero();
    commits(location, 1);
    assertThat(checkpoints.writeDue()).isEqualTo(1);
    assertThat(checkpoints.writeDue()).as("nothing committed since").isZero();
    commits(location, 4);
    assertThat(checkpoints.writeDue()).isEqualTo(1);

    assertThat(checkpointVersions(location)).containsExactly(3L, 7L);
    assertThat(spark.read().format("delta").load(location).count()).isEqualTo(7);
  }

  @Test
  void aCheckpointHoldsTheTablesFilesAndBatchIdentitiesForANewReader() {
    String location = table("silver");
    for (int batch = 0; batch < 3; batch++) {
      spark.range(batch * 10, batch * 10 + 10).write().format("delta").mode("append")
          .option("txnAppId", "flow-1").option("txnVersion", batch).save(location);
    }
    TableCheckpoints checkpoints = new TableCheckpoints(spark, List.of(location), 3);
    long files = DeltaLog.forTable(spark, location).update(false, Option.empty(), Option.empty()).allFiles().count();

    assertThat(checkpoints.writeDue()).isEqualTo(1);

    DeltaLog.clearCache();
    Snapshot read = DeltaLog.forTable(spark, location).update(false, Option.empty(), Option.empty());
    assertThat(read.logSegment().checkpointProvider().version()).as("read from the checkpoint").isEqualTo(3);
    assertThat(scala.jdk.javaapi.CollectionConverters.asJava(read.transactions()))
        .containsEntry("flow-1", 2L);
    assertThat(read.allFiles().count()).isEqualTo(files);
    assertThat(spark.read().format("delta").load(location).count()).isEqualTo(30);
  }

  @Test
  void aTableMadeWithDeltasDefaultIntervalIsTakenOver() {
    String location = home.resolve("older").toString();
    DeltaTable.create(spark).location(location).addColumns(SCHEMA).execute();

    DeltaWrites.createIfMissing(spark, location, SCHEMA, List.of(), Map.of());

    Map<String, String> configuration =
        scala.jdk.javaapi.CollectionConverters.asJava(
            DeltaLog.forTable(spark, location).update(false, Option.empty(), Option.empty()).metadata().configuration());
    assertThat(configuration).containsAllEntriesOf(TableCheckpoints.PROPERTIES);
  }

  @Test
  void inTheBackgroundDueCheckpointsAreWrittenUnasked() {
    String location = table("windows");
    commits(location, 2);

    try (TableCheckpoints checkpoints = new TableCheckpoints(spark, List.of(location), 2)) {
      checkpoints.startInBackground();
      await().atMost(Duration.ofSeconds(60)).until(() -> checkpointVersions(location).contains(2L));
    }
  }
}
