package dev.medallion.ops;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.OptimisticTransaction;
import org.apache.spark.sql.delta.actions.AddFile;
import org.apache.spark.sql.delta.actions.Metadata;
import org.apache.spark.sql.execution.QueryExecution;
import org.apache.spark.sql.execution.SQLExecution;
import org.apache.spark.sql.execution.datasources.parquet.SparkToParquetSchemaConverter;
import org.apache.spark.sql.internal.SQLConf;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.Option;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Appends a Dataset's rows to a Delta table's files from the executors, each task encoding its rows
 * straight from Spark's internal rows ({@link InternalRowsFile}), and returns the files as the
 * actions Delta's {@code writeFiles} would return, with their statistics, for the driver to commit.
 * Through Delta's writer the same rows go through parquet-mr's record assembly, a text object made
 * of every value, and a statistics tracker set up per task and file.
 *
 * <p>Only plain tables ({@link DriverFileWriter#isPlainTable}) whose columns
 * {@link InternalRowsFile} encodes; columns the table declares not null are checked, as Delta checks
 * them.
 */
public final class ExecutorFileWriter {
  private ExecutorFileWriter() {}

  /** Whether rows of {@code schema} can be appended here to the table {@code metadata} describes. */
  public static boolean supports(Metadata metadata, StructType schema) {
    List<String> partitionColumns = CollectionConverters.asJava(metadata.partitionColumns());
    return DriverFileWriter.isPlainTable(metadata)
        && Arrays.stream(schema.fields())
            .allMatch(
                field ->
                    !field.metadata().contains("delta.generationExpression")
                        && (partitionColumns.contains(field.name())
                            ? DriverFileWriter.isPartitionType(field.dataType())
                            : InternalRowsFile.supports(field.dataType())));
  }

  /**
   * Writes {@code rows} (the table's columns) into new files under {@code location}, the root of
   * the table {@code transaction} writes, in one Spark job; registers the figures Delta's append
   * reports in the table's history (files, rows, bytes) with the transaction.
   *
   * @return the files, to be committed by {@code transaction}
   * @throws org.apache.spark.SparkException when a task fails: a file cannot be written, or a row
   *     has no value in a column declared not null
   */
  public static List<AddFile> write(OptimisticTransaction transaction, Dataset<Row> rows, String location) {
    SparkSession spark = rows.sparkSession();
    Metadata metadata = transaction.metadata();
    StructType schema = rows.schema();
    List<String> partitionColumns = CollectionConverters.asJava(metadata.partitionColumns());
    StructField[] dataFields =
        Arrays.stream(schema.fields()).filter(field -> !partitionColumns.contains(field.name())).toArray(StructField[]::new);
    StructType dataSchema = new StructType(dataFields);
    StructType tableSchema = metadata.schema();
    TableFilesTask.Layout layout =
        new TableFilesTask.Layout(
            schema,
            partitionColumns.stream().mapToInt(schema::fieldIndex).toArray(),
            dataSchema,
            Arrays.stream(dataFields).mapToInt(field -> schema.fieldIndex(field.name())).toArray(),
            parquetSchema(spark, dataSchema),
            new HashSet<>(DriverFileWriter.statisticsColumns(metadata, dataFields)),
            IntStream.range(0, schema.length())
                .filter(i -> declaredNotNull(tableSchema, schema.fields()[i].name()))
                .toArray());
    TableFilesTask task = new TableFilesTask(location, spark.sparkContext().hadoopConfiguration(), layout);
    QueryExecution execution = rows.queryExecution();
    List<TableFilesTask.WrittenFile> written =
        SQLExecution.withNewExecutionId(
            execution,
            Option.apply("append to " + location),
            () -> execution.toRdd().toJavaRDD().mapPartitions(task).collect());
    List<AddFile> added = new ArrayList<>(written.size());
    long rowCount = 0;
    long bytes = 0;
    for (TableFilesTask.WrittenFile file : written) {
      added.add(DriverFileWriter.addFile(file.path(), file.partitionValues(), file.size(), file.modificationTime(), file.stats()));
      rowCount += file.rows();
      bytes += file.size();
    }
    transaction.registerSQLMetrics(spark, HistoryMetrics.of(spark, Map.of("numFiles", (long) added.size(), "numOutputRows", rowCount, "numOutputBytes", bytes)));
    return added;
  }

  /**
   * The file schema of {@code dataSchema}, every column optional, as Spark's writer lays it out
   * with 8-byte microsecond timestamps and the standard map and list groups, whatever the session
   * asks of its own writer: those are the layouts {@link InternalRowsFile} encodes.
   */
  private static String parquetSchema(SparkSession spark, StructType dataSchema) {
    SQLConf layout = spark.sessionState().conf().clone();
    layout.setConfString("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS");
    layout.setConfString("spark.sql.parquet.writeLegacyFormat", "false");
    return new SparkToParquetSchemaConverter(layout).convert(dataSchema.asNullable()).toString();
  }

  private static boolean declaredNotNull(StructType tableSchema, String column) {
    return Arrays.stream(tableSchema.fields()).anyMatch(field -> field.name().equals(column) && !field.nullable());
  }
}
