package dev.medallion.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.medallion.testing.SharedSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.DeltaOperations;
import org.apache.spark.sql.delta.OptimisticTransaction;
import org.apache.spark.sql.delta.actions.Action;
import org.apache.spark.sql.delta.actions.AddFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.Option;
import scala.jdk.javaapi.CollectionConverters;

/** Files written by the executors' own encoder read as the files Delta's own write makes of the same rows. */
class ExecutorFileWriterIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Rows of every supported type, nulls among them, in two partitions: text (with characters past
   * ASCII), integers, dates, longs, doubles, timestamps, and maps and lists that are null, empty,
   * or hold null values.
   */
  private static final String[] COLUMNS = {
    "CAST(id % 2 AS STRING) AS tier",
    "CASE WHEN id % 5 = 0 THEN NULL ELSE concat('c-ü', id) END AS customer_id",
    "CAST(id % 7 AS INT) AS small",
    "date_add(DATE'2026-11-01', CAST(id % 40 AS INT)) AS day",
    "CASE WHEN id % 6 = 0 THEN NULL ELSE id * 1000003 END AS events",
    "CASE WHEN id % 4 = 0 THEN NULL ELSE id / 3.0D END AS average",
    "CASE WHEN id % 9 = 0 THEN NULL ELSE timestamp_micros(1700000000000000 + id * 999) END AS at",
    "CASE id % 4 WHEN 0 THEN NULL WHEN 1 THEN CAST(map() AS MAP<STRING, STRING>)"
        + " ELSE map('k', CAST(id AS STRING), 'v', CASE WHEN id % 3 = 0 THEN NULL ELSE 'x' END) END AS properties",
    "CASE id % 5 WHEN 0 THEN NULL WHEN 1 THEN CAST(array() AS ARRAY<STRING>)"
        + " ELSE array('r', CASE WHEN id % 3 = 0 THEN NULL ELSE CAST(id AS STRING) END, 's') END AS reasons"
  };

  @TempDir Path folder;

  private final SparkSession spark = SharedSpark.session();

  @Test
  void rowsReadBackAsDeltasOwnWriteReadsThemWithTheSameStatistics() throws Exception {
    Dataset<Row> rows = rows(200, 2);
    String ours = folder.resolve("ours").toString();
    String deltas = folder.resolve("delta").toString();

    List<AddFile> written = commit(ours, rows, true);
    List<AddFile> delta = commit(deltas, rows, false);

    assertThat(read(ours)).isEqualTo(read(deltas)).hasSize(200);
    assertThat(statistics(written)).isEqualTo(statistics(delta));
    assertThat(written).hasSize(4); // two tasks, each with rows of both partitions
    assertThat(written).allMatch(file -> file.path().startsWith("tier=") && !file.path().contains(":/"));
    for (AddFile file : written) { // the sizes the log gives readers, who find a file's footer by it
      assertThat(file.getFileSize()).isEqualTo(Files.size(Path.of(ours, file.path())));
    }
    assertThat(spark.read().format("delta").load(ours).where("events > 100000000").count())
        .isEqualTo(rows.where("events > 100000000").count());
  }

  @Test
  void rowsSpanningManyPagesOfMapAndListEntriesReadBackWhole() {
    // more map and list entries than a page holds (20,000), so pages end between rows of repeated values
    Dataset<Row> rows = rows(30_000, 1);
    String location = folder.resolve("pages").toString();

    commit(location, rows, true);

    assertThat(read(location)).isEqualTo(asText(rows));
  }

  @Test
  void appendsWriteThroughTheExecutorsEncoderAndReportDeltasFigures() throws Exception {
    Dataset<Row> rows = rows(100, 1);
    String location = folder.resolve("appended").toString();
    create(location, rows);

    boolean wrote = DeltaWrites.appendOnce(rows, location, new BatchIdentity("test", 7), List.of("tier"));

    assertThat(wrote).isTrue();
    List<Path> files;
    try (Stream<Path> walk = Files.walk(Path.of(location))) {
      files = walk.filter(file -> file.toString().endsWith(".parquet")).toList();
    }
    assertThat(files).isNotEmpty();
    for (Path file : files) { // Spark's own writer encodes the text columns through a dictionary
      try (var reader = ParquetFileReader.open(HadoopInputFile.fromPath(new org.apache.hadoop.fs.Path(file.toString()), new Configuration()))) {
        var customer = reader.getFooter().getBlocks().get(0).getColumns().get(0);
        assertThat(customer.getPath().toDotString()).isEqualTo("customer_id");
        assertThat(customer.getEncodings()).doesNotContain(Encoding.PLAIN_DICTIONARY, Encoding.RLE_DICTIONARY);
      }
    }
    Row history = spark.sql("DESCRIBE HISTORY delta.`" + location + "`").where("version = 1").first();
    Map<String, String> metrics = history.getJavaMap(history.fieldIndex("operationMetrics"));
    assertThat(metrics).containsEntry("numOutputRows", "100").containsEntry("numFiles", "" + files.size());
    assertThat(read(location)).isEqualTo(asText(rows));
  }

  @Test
  void timestampsAreWrittenInMicrosecondsWhateverTheSessionAsksOfSparksWriter() {
    String before = spark.conf().get("spark.sql.parquet.outputTimestampType");
    spark.conf().set("spark.sql.parquet.outputTimestampType", "INT96");
    try {
      Dataset<Row> rows = rows(50, 1);
      String location = folder.resolve("int96").toString();

      commit(location, rows, true);

      assertThat(read(location)).isEqualTo(asText(rows));
    } finally {
      spark.conf().set("spark.sql.parquet.outputTimestampType", before);
    }
  }

  @Test
  void aMissingValueInAColumnDeclaredNotNullIsRefusedAndItsFilesDeleted() throws Exception {
    String location = folder.resolve("not-null").toString();
    spark.sql("CREATE TABLE delta.`" + location + "` (tier STRING, customer_id STRING NOT NULL) USING delta PARTITIONED BY (tier)");
    Dataset<Row> rows = spark.range(10).selectExpr("'a' AS tier", "CASE WHEN id = 9 THEN NULL ELSE 'c' END AS customer_id").coalesce(1);
    OptimisticTransaction transaction = DeltaLog.forTable(spark, location).startTransaction(Option.empty(), Option.empty());

    assertThatThrownBy(() -> ExecutorFileWriter.write(transaction, rows, location))
        .hasStackTraceContaining("NOT NULL constraint violated for column: customer_id");
    try (Stream<Path> walk = Files.walk(Path.of(location))) {
      assertThat(walk.filter(file -> file.toString().endsWith(".parquet")).toList()).isEmpty();
    }
  }

  @Test
  void onlyTablesAndColumnsItCanEncodeAreWrittenHere() {
    String plain = folder.resolve("plain").toString();
    String checked = folder.resolve("checked").toString();
    Dataset<Row> rows = rows(1, 1);
    create(plain, rows);
    create(checked, rows);
    spark.sql("ALTER TABLE delta.`" + checked + "` ADD CONSTRAINT positive CHECK (small >= 0)");
    Dataset<Row> withStruct = rows.selectExpr("*", "named_struct('a', 1) AS nested");

    assertThat(ExecutorFileWriter.supports(metadata(plain), rows.schema())).isTrue();
    assertThat(ExecutorFileWriter.supports(metadata(checked), rows.schema())).isFalse();
    assertThat(ExecutorFileWriter.supports(metadata(plain), withStruct.schema())).isFalse();
  }

  private Dataset<Row> rows(int count, int tasks) {
    return spark.range(0, count, 1, tasks).selectExpr(COLUMNS);
  }

  private org.apache.spark.sql.delta.actions.Metadata metadata(String location) {
    return DeltaLog.forTable(spark, location).update(false, Option.empty(), Option.empty()).metadata();
  }

  private void create(String location, Dataset<Row> rows) {
    rows.limit(0).write().format("delta").partitionBy("tier").option("delta.enableChangeDataFeed", "true").save(location);
  }

  /** Writes {@code rows} into a new table, by the executors' encoder or by Delta's own write, and commits them. */
  private List<AddFile> commit(String location, Dataset<Row> rows, boolean ours) {
    create(location, rows);
    OptimisticTransaction transaction = DeltaLog.forTable(spark, location).startTransaction(Option.empty(), Option.empty());
    List<AddFile> files = new ArrayList<>();
    if (ours) {
      files.addAll(ExecutorFileWriter.write(transaction, rows, location));
    } else {
      CollectionConverters.asJava(transaction.writeFiles(rows)).forEach(file -> files.add((AddFile) file));
    }
    transaction.commit(
        CollectionConverters.asScala(new ArrayList<Action>(files)).toList(),
        new DeltaOperations.Write(
            org.apache.spark.sql.SaveMode.Append,
            Option.empty(), Option.empty(), Option.empty(), Option.empty(), Option.empty(), Option.empty(), Option.empty(), Option.empty()));
    return files;
  }

  private List<String> read(String location) {
    return asText(spark.read().format("delta").load(location));
  }

  /** Rows as text in a fixed order and column order, maps included. */
  private static List<String> asText(Dataset<Row> rows) {
    return rows.selectExpr("tier", "customer_id", "small", "day", "events", "average", "at", "to_json(properties) AS properties", "to_json(reasons) AS reasons")
        .orderBy("events", "customer_id", "small", "day", "at")
        .collectAsList()
        .stream()
        .map(Row::toString)
        .toList();
  }

  /** Each data file's statistics and partition, sorted. */
  private static List<String> statistics(List<AddFile> files) throws Exception {
    List<String> all = new ArrayList<>();
    for (AddFile file : files) {
      Map<?, ?> stats = JSON.readValue(file.stats(), Map.class);
      all.add(CollectionConverters.asJava(file.partitionValues()) + " " + stats);
    }
    all.sort(Comparator.naturalOrder());
    return all;
  }
}
