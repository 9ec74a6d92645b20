package dev.medallion.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.medallion.testing.SharedSpark;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.DeltaOperations;
import org.apache.spark.sql.delta.OptimisticTransaction;
import org.apache.spark.sql.delta.actions.AddCDCFile;
import org.apache.spark.sql.delta.actions.AddFile;
import org.apache.spark.sql.delta.actions.FileAction;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.Option;
import scala.jdk.javaapi.CollectionConverters;

/** Files written from the driver read as the files Delta's own write makes of the same rows. */
class DriverFileWriterIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final StructType SCHEMA =
      new StructType()
          .add("tier", DataTypes.StringType, false)
          .add("day", DataTypes.DateType)
          .add("customer_id", DataTypes.StringType)
          .add("events", DataTypes.LongType)
          .add("revenue", DataTypes.createDecimalType(28, 2))
          .add("average", DataTypes.DoubleType)
          .add("at", DataTypes.TimestampType);

  @TempDir Path folder;

  private final SparkSession spark = SharedSpark.session();

  @Test
  void rowsReadBackWithTheirPartitionsAndDeltasOwnStatistics() throws Exception {
    List<Row> rows =
        List.of(
            row("gold", "2026-11-20", "c1", 3L, "10.50", 3.5, "2026-11-20 10:00:00.123456"),
            row("gold", "2026-11-20", "c2", 7L, "99.99", null, "2026-11-20 11:00:00"),
            row("a b:c/d", "2026-11-21", "zz", 1L, null, -0.25, null),
            row("gold", null, "ü-ñ", 2L, "0.01", 1e9, "2026-11-19 00:00:00"));
    String ours = folder.resolve("ours").toString();
    String delta = folder.resolve("delta").toString();

    List<FileAction> written = commit(ours, rows, true);
    List<FileAction> deltas = commit(delta, rows, false);

    assertThat(read(ours)).isEqualTo(read(delta)).hasSize(4);
    assertThat(statistics(written)).isEqualTo(statistics(deltas));
    assertThat(written).allMatch(file -> !file.path().startsWith("/") && !file.path().contains(":/"));
    assertThat(spark.read().format("delta").load(ours).where("events > 5").count()).isEqualTo(1);
  }

  @Test
  void statisticsAreKeptOnTheColumnsTheTableNames() throws Exception {
    List<Row> rows =
        List.of(row("gold", "2026-11-20", "c1", 3L, "10.50", 3.5, null), row("gold", "2026-11-20", "c2", 7L, null, null, null));
    Map<String, String> named = Map.of("delta.dataSkippingStatsColumns", "events, `revenue`");

    List<Map<String, Object>> ours = statistics(commit(folder.resolve("ours").toString(), rows, true, named));
    List<Map<String, Object>> deltas = statistics(commit(folder.resolve("delta").toString(), rows, false, named));

    assertThat(ours).isEqualTo(deltas);
    assertThat(ours.get(0).get("stats").toString()).contains("events").doesNotContain("customer_id");
  }

  @Test
  void rowsWithAChangeTypeGoToTheChangeDataFiles() throws Exception {
    String location = folder.resolve("changes").toString();
    create(location);
    StructType withChangeType = SCHEMA.add("_change_type", DataTypes.StringType);
    Row kept = withChange(row("gold", "2026-11-20", "c1", 3L, "1.00", 1.0, null), null);
    Row preimage = withChange(row("gold", "2026-11-20", "c1", 2L, "0.50", 1.0, null), "update_preimage");

    DeltaLog log = DeltaLog.forTable(spark, location);
    List<FileAction> files =
        new DriverFileWriter(spark).write(location, log.update(false, Option.empty(), Option.empty()).metadata(), withChangeType, List.of(kept, preimage));

    assertThat(files).hasSize(2);
    for (FileAction file : files) { // the sizes the log gives readers, who find a file's footer by it
      assertThat(file.getFileSize()).isEqualTo(java.nio.file.Files.size(Path.of(location, file.path())));
    }
    assertThat(files).filteredOn(AddFile.class::isInstance).singleElement().extracting(FileAction::path).asString().startsWith("tier=gold/day=2026-11-20/part-");
    assertThat(files).filteredOn(AddCDCFile.class::isInstance).singleElement().extracting(FileAction::path).asString().startsWith("_change_data/tier=gold/day=2026-11-20/cdc-");
  }

  @Test
  void aMissingValueInAColumnDeclaredNotNullIsRefused() {
    String location = folder.resolve("not-null").toString();
    create(location);
    DeltaLog log = DeltaLog.forTable(spark, location);

    assertThatThrownBy(
            () ->
                new DriverFileWriter(spark)
                    .write(location, log.update(false, Option.empty(), Option.empty()).metadata(), SCHEMA, List.of(row(null, "2026-11-20", "c1", 1L, null, null, null))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NOT NULL constraint violated for column: tier");
  }

  @Test
  void aRowThatCannotBeWrittenFailsTheWriteAndLeavesNoFileOpen() throws Exception {
    String location = folder.resolve("refused").toString();
    create(location);
    DeltaLog log = DeltaLog.forTable(spark, location);
    Row wrongType = RowFactory.create("gold", Date.valueOf("2026-11-20"), "c1", "three", null, null, null);

    assertThatThrownBy(
            () ->
                new DriverFileWriter(spark)
                    .write(location, log.update(false, Option.empty(), Option.empty()).metadata(), SCHEMA, List.of(wrongType)))
        .isInstanceOf(RuntimeException.class);
    assertThat(openFilesUnder(folder.resolve("refused"))).isEmpty();
  }

  /** The files this JVM holds open under {@code folder} (Linux's {@code /proc/self/fd}). */
  private static List<Path> openFilesUnder(Path folder) throws Exception {
    List<Path> open = new ArrayList<>();
    try (var descriptors = java.nio.file.Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
      for (Path descriptor : descriptors) {
        try {
          Path target = java.nio.file.Files.readSymbolicLink(descriptor);
          if (target.startsWith(folder.toRealPath())) {
            open.add(target);
          }
        } catch (java.io.IOException closedMeanwhile) {
          // a descriptor closed while listed
        }
      }
    }
    return open;
  }

  @Test
  void tablesWithConstraintsOrColumnMappingAreLeftToSpark() {
    String plain = folder.resolve("plain").toString();
    String checked = folder.resolve("checked").toString();
    String mapped = folder.resolve("mapped").toString();
    create(plain);
    create(checked);
    spark.sql("ALTER TABLE delta.`" + checked + "` ADD CONSTRAINT positive CHECK (events > 0)");
    spark.createDataFrame(List.of(), SCHEMA).write().format("delta").option("delta.columnMapping.mode", "name").save(mapped);

    assertThat(DriverFileWriter.supports(metadata(plain), SCHEMA)).isTrue();
    assertThat(DriverFileWriter.supports(metadata(checked), SCHEMA)).isFalse();
    assertThat(DriverFileWriter.supports(metadata(mapped), SCHEMA)).isFalse();
  }

  private org.apache.spark.sql.delta.actions.Metadata metadata(String location) {
    return DeltaLog.forTable(spark, location).update(false, Option.empty(), Option.empty()).metadata();
  }

  private void create(String location) {
    create(location, Map.of());
  }

  private void create(String location, Map<String, String> properties) {
    spark.createDataFrame(List.of(), SCHEMA).write().format("delta").partitionBy("tier", "day")
        .option("delta.enableChangeDataFeed", "true").options(properties).save(location);
  }

  /** Writes {@code rows} into a new table, from the driver or by Delta's own write, and commits them. */
  private List<FileAction> commit(String location, List<Row> rows, boolean fromDriver) {
    return commit(location, rows, fromDriver, Map.of());
  }

  private List<FileAction> commit(String location, List<Row> rows, boolean fromDriver, Map<String, String> properties) {
    create(location, properties);
    OptimisticTransaction transaction = DeltaLog.forTable(spark, location).startTransaction(Option.empty(), Option.empty());
    List<FileAction> files =
        fromDriver
            ? new DriverFileWriter(spark).write(location, transaction.metadata(), SCHEMA, rows)
            : new ArrayList<>(CollectionConverters.asJava(transaction.writeFiles(spark.createDataFrame(rows, SCHEMA).coalesce(1))));
    transaction.commit(CollectionConverters.asScala(new ArrayList<org.apache.spark.sql.delta.actions.Action>(files)).toList(), new DeltaOperations.Write(
            org.apache.spark.sql.SaveMode.Append,
            Option.empty(), Option.empty(), Option.empty(), Option.empty(), Option.empty(), Option.empty(), Option.empty(), Option.empty()));
    return files;
  }

  private List<String> read(String location) {
    Dataset<Row> table = spark.read().format("delta").load(location);
    return table.orderBy("customer_id").collectAsList().stream().map(Row::toString).toList();
  }

  /** Each data file's statistics and partition, in the order of the files' first customer. */
  private List<Map<String, Object>> statistics(List<FileAction> files) throws Exception {
    List<Map<String, Object>> all = new ArrayList<>();
    for (FileAction file : files) {
      AddFile add = (AddFile) file;
      JsonNode stats = JSON.readTree(add.stats());
      all.add(Map.of("partition", CollectionConverters.asJava(add.partitionValues()).toString(), "stats", JSON.convertValue(stats, Map.class)));
    }
    all.sort(Comparator.comparing(stats -> stats.toString()));
    return all;
  }

  private static Row row(String tier, String day, String customer, Long events, String revenue, Double average, String at) {
    return RowFactory.create(
        tier,
        day == null ? null : Date.valueOf(day),
        customer,
        events,
        revenue == null ? null : new BigDecimal(revenue),
        average,
        at == null ? null : Timestamp.valueOf(at));
  }

  private static Row withChange(Row row, String changeType) {
    Object[] values = new Object[row.length() + 1];
    for (int i = 0; i < row.length(); i++) {
      values[i] = row.get(i);
    }
    values[row.length()] = changeType;
    return RowFactory.create(values);
  }
}
