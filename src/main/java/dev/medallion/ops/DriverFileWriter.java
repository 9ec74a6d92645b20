package dev.medallion.ops;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.catalog.ExternalCatalogUtils;
import org.apache.spark.sql.delta.actions.AddCDCFile;
import org.apache.spark.sql.delta.actions.AddFile;
import org.apache.spark.sql.delta.actions.AddFile$;
import org.apache.spark.sql.delta.actions.FileAction;
import org.apache.spark.sql.delta.actions.Metadata;
import org.apache.spark.sql.delta.commands.cdc.CDCReader;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Writes a few thousand rows into a Delta table's files from the driver ({@link ParquetRows}) and
 * returns the actions Delta's {@code writeFiles} would return for them: one file per partition,
 * with its statistics ({@link FileStatistics}), and the rows carrying a change type in the table's
 * change data files. Through Spark the same write is a job (about 0.1 s however few the rows), and
 * each file's writer walks Spark's whole Hadoop configuration; a gold rewrite writes a few hundred
 * small files per batch.
 *
 * <p>Only plain tables are written here ({@link #supports}): no column mapping, constraints or
 * generated columns, and partition values of text, integers, booleans or dates. Columns declared
 * not null are checked, as Delta checks them.
 */
public final class DriverFileWriter {
  private static final String CHANGE_TYPE = CDCReader.CDC_TYPE_COLUMN_NAME();
  private static final String CHANGE_DATA_DIRECTORY = CDCReader.CDC_LOCATION();
  private static final int DEFAULT_INDEXED_COLUMNS = 32;

  private final ParquetRows parquet;

  /** A writer of files in {@code session}'s file systems, encoded by its settings. */
  public DriverFileWriter(SparkSession session) {
    this.parquet = new ParquetRows(session.sparkContext().hadoopConfiguration(), session.sessionState().conf());
  }

  /** Whether rows of {@code schema} can be written here into the table {@code metadata} describes. */
  public static boolean supports(Metadata metadata, StructType schema) {
    Set<String> partitionColumns = Set.copyOf(CollectionConverters.asJava(metadata.partitionColumns()));
    return isPlainTable(metadata)
        && Arrays.stream(schema.fields())
            .allMatch(
                field ->
                    !field.metadata().contains("delta.generationExpression")
                        && KernelTypes.supports(field.dataType())
                        && (!partitionColumns.contains(field.name()) || isPartitionType(field.dataType())));
  }

  /**
   * Whether the table {@code metadata} describes is one whose files can be written outside Delta's
   * writers: no column mapping, constraints or Iceberg compatibility.
   */
  public static boolean isPlainTable(Metadata metadata) {
    Map<String, String> configuration = CollectionConverters.asJava(metadata.configuration());
    return configuration.getOrDefault("delta.columnMapping.mode", "none").equals("none")
        && configuration.keySet().stream().noneMatch(key -> key.startsWith("delta.constraints."))
        && configuration.keySet().stream().noneMatch(key -> key.startsWith("delta.enableIcebergCompat"));
  }

  /** Whether values of {@code type} are partition values written here: text, integers, booleans, dates. */
  public static boolean isPartitionType(DataType type) {
    return type instanceof StringType
        || type instanceof IntegerType
        || type instanceof LongType
        || type instanceof BooleanType
        || type instanceof DateType;
  }

  /**
   * Writes {@code rows} (of {@code schema}: the table's columns, and {@code _change_type} when they
   * carry change data) under {@code location}, the table's root.
   *
   * @throws IllegalArgumentException when a row has no value in a column declared not null
   * @throws UncheckedIOException when a file cannot be written
   */
  public List<FileAction> write(String location, Metadata metadata, StructType schema, List<Row> rows) {
    checkNotNull(schema, rows);
    List<String> partitionColumns = CollectionConverters.asJava(metadata.partitionColumns());
    int[] partitions = partitionColumns.stream().mapToInt(schema::fieldIndex).toArray();
    int changeType = Arrays.asList(schema.fieldNames()).indexOf(CHANGE_TYPE);
    StructField[] dataFields =
        Arrays.stream(schema.fields())
            .filter(field -> !partitionColumns.contains(field.name()) && !field.name().equals(CHANGE_TYPE))
            .toArray(StructField[]::new);
    int[] dataColumns = Arrays.stream(dataFields).mapToInt(field -> schema.fieldIndex(field.name())).toArray();
    StructType dataSchema = new StructType(dataFields);
    io.delta.kernel.types.StructType statisticsSchema = KernelTypes.of(dataFields);
    Set<String> statistics = statisticsColumns(metadata, dataFields);
    // change data files: the data columns and the change type
    int[] changeColumns = IntStream.concat(Arrays.stream(dataColumns), IntStream.of(changeType)).toArray();
    StructType changeSchema = changeType < 0 ? dataSchema : dataSchema.add(schema.fields()[changeType]);

    Map<FileGroup, List<Row>> groups = new LinkedHashMap<>();
    for (Row row : rows) {
      boolean change = changeType >= 0 && !row.isNullAt(changeType);
      groups.computeIfAbsent(new FileGroup(partitionValues(row, schema, partitions), change), g -> new ArrayList<>()).add(row);
    }
    List<FileAction> written = new ArrayList<>();
    groups.forEach(
        (group, groupRows) -> {
          if (group.change()) {
            String directory = CHANGE_DATA_DIRECTORY + "/" + group.directory();
            FileWritten file = writeFile(location, directory, "cdc", changeSchema, changeColumns, groupRows);
            written.add(new AddCDCFile(file.path(), group.values(), file.status().getLen(), null, null));
          } else {
            FileWritten file = writeFile(location, group.directory(), "part", dataSchema, dataColumns, groupRows);
            String stats = FileStatistics.json(statisticsSchema, dataColumns, groupRows, statistics);
            written.add(addFile(file.path(), group.partition(), file.status(), stats));
          }
        });
    return written;
  }

  private static void checkNotNull(StructType schema, List<Row> rows) {
    int[] notNull =
        IntStream.range(0, schema.length()).filter(i -> !schema.fields()[i].nullable()).toArray();
    for (Row row : rows) {
      for (int column : notNull) {
        if (row.isNullAt(column)) {
          throw new IllegalArgumentException(
              "NOT NULL constraint violated for column: " + schema.fields()[column].name() + ", in row " + row);
        }
      }
    }
  }

  /** Writes one file, named as Delta names its own ({@code part-…} or {@code cdc-…}). */
  private FileWritten writeFile(
      String location, String directory, String prefix, StructType fileSchema, int[] columns, List<Row> rows) {
    String name = prefix + "-00000-" + UUID.randomUUID() + ".c000.snappy.parquet";
    Path relative = directory.isEmpty() ? new Path(name) : new Path(directory, name);
    Path absolute = new Path(location, relative);
    try {
      return new FileWritten(relative.toUri().toString(), parquet.write(absolute, fileSchema, columns, rows));
    } catch (IOException e) {
      throw new UncheckedIOException("could not write the Delta table's file " + absolute, e);
    }
  }

  /**
   * The action adding a data file written outside Delta's writers to a table: its path relative to
   * the table's root, its partition values (text, as the log holds them), size, time and statistics.
   */
  public static AddFile addFile(String path, Map<String, String> partitionValues, FileStatus status, String stats) {
    return addFile(path, partitionValues, status.getLen(), status.getModificationTime(), stats);
  }

  /** As {@link #addFile(String, Map, FileStatus, String)}, from the file's size and time of writing. */
  public static AddFile addFile(
      String path, Map<String, String> partitionValues, long size, long modificationTime, String stats) {
    AddFile$ add = AddFile$.MODULE$;
    return add.apply(
        path,
        scala.collection.immutable.Map.from(CollectionConverters.asScala(new HashMap<>(partitionValues))),
        size,
        modificationTime,
        true,
        stats,
        null,
        null,
        add.apply$default$9(),
        add.apply$default$10(),
        add.apply$default$11(),
        add.apply$default$12(),
        add.apply$default$13());
  }

  /** The columns Delta keeps statistics on: those the table names, or its first 32 data columns. */
  public static Set<String> statisticsColumns(Metadata metadata, StructField[] dataFields) {
    Map<String, String> configuration = CollectionConverters.asJava(metadata.configuration());
    String named = configuration.get("delta.dataSkippingStatsColumns");
    if (named != null) {
      return Arrays.stream(named.split(",")).map(name -> name.trim().replace("`", "")).collect(Collectors.toSet());
    }
    int indexed = Integer.parseInt(configuration.getOrDefault("delta.dataSkippingNumIndexedCols", "" + DEFAULT_INDEXED_COLUMNS));
    return Arrays.stream(dataFields)
        .limit(indexed < 0 ? dataFields.length : indexed)
        .map(StructField::name)
        .collect(Collectors.toSet());
  }

  /**
   * A row's partition values (of {@code columns}, positions in {@code schema}) as Delta's log
   * holds them: text, null for null or empty text.
   */
  public static Map<String, String> partitionValues(Row row, StructType schema, int[] columns) {
    Map<String, String> values = new LinkedHashMap<>();
    for (int column : columns) {
      Object value = row.get(column);
      String text = value == null ? null : value.toString();
      values.put(schema.fieldNames()[column], text == null || text.isEmpty() ? null : text);
    }
    return values;
  }

  /** The rows of one file: one partition's rows, or its change data. */
  private record FileGroup(Map<String, String> partition, boolean change) {
    /** The partition's directory under the table's root, escaped as Spark names it. */
    String directory() {
      return partition.entrySet().stream()
          .map(entry -> ExternalCatalogUtils.getPartitionPathString(entry.getKey(), entry.getValue()))
          .collect(Collectors.joining("/"));
    }

    scala.collection.immutable.Map<String, String> values() {
      return scala.collection.immutable.Map.from(CollectionConverters.asScala(new HashMap<>(partition)));
    }
  }

  private record FileWritten(String path, FileStatus status) {}
}
