package dev.medallion.ops;

import io.delta.kernel.Scan;
import io.delta.kernel.Snapshot;
import io.delta.kernel.Table;
import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.defaults.engine.DefaultEngine;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.internal.InternalScanFileUtils;
import io.delta.kernel.internal.data.ScanStateRow;
import io.delta.kernel.types.BooleanType;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.DateType;
import io.delta.kernel.types.DecimalType;
import io.delta.kernel.types.DoubleType;
import io.delta.kernel.types.IntegerType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructType;
import io.delta.kernel.types.TimestampType;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.FileStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.util.DateTimeUtils;
import org.apache.spark.sql.types.DataTypes;

/**
 * Reads a small Delta table at one version in the driver, through Delta Kernel: the log replayed
 * and the Parquet files read here, no Spark job. Reading a table of a few thousand rows through
 * Spark costs a second or more of jobs (state reconstruction of the new version, a scan, a
 * collect); this costs milliseconds. Values come out as Spark hands them to Java (String, Long,
 * BigDecimal, java.sql.Date, java.sql.Timestamp...).
 */
public final class KernelReader {
  private final Engine engine;

  /** A reader using the session's Hadoop configuration (file systems, credentials). */
  public KernelReader(SparkSession spark) {
    this.engine = DefaultEngine.create(new Configuration(spark.sparkContext().hadoopConfiguration()));
  }

  /** Rows read, and their columns as Spark types. */
  public record Rows(org.apache.spark.sql.types.StructType schema, List<Row> rows) {}

  /**
   * The rows of the table at {@code location} as of {@code version}, with {@code columns} in that
   * order; empty when a column's type is not one this reader converts (the caller reads through
   * Spark instead).
   *
   * @throws UncheckedIOException when the files cannot be read
   * @throws RuntimeException from Kernel when the version does not exist or a column is unknown
   */
  public Optional<Rows> read(String location, long version, List<String> columns) {
    Snapshot snapshot = Table.forPath(engine, location).getSnapshotAsOfVersion(engine, version);
    StructType schema = snapshot.getSchema();
    StructType readSchema = new StructType();
    org.apache.spark.sql.types.StructType sparkSchema = new org.apache.spark.sql.types.StructType();
    List<ValueReader> readers = new ArrayList<>();
    for (String column : columns) {
      Optional<Conversion> conversion = conversion(schema.get(column).getDataType());
      if (conversion.isEmpty()) {
        return Optional.empty();
      }
      readSchema = readSchema.add(schema.get(column));
      sparkSchema = sparkSchema.add(column, conversion.get().sparkType(), true);
      readers.add(conversion.get().reader());
    }
    Scan scan = snapshot.getScanBuilder().withReadSchema(readSchema).build();
    io.delta.kernel.data.Row scanState = scan.getScanState(engine);
    StructType physicalSchema = ScanStateRow.getPhysicalDataReadSchema(scanState);
    List<Row> rows = new ArrayList<>();
    try (CloseableIterator<FilteredColumnarBatch> scanFiles = scan.getScanFiles(engine)) {
      while (scanFiles.hasNext()) {
        try (CloseableIterator<io.delta.kernel.data.Row> files = scanFiles.next().getRows()) {
          while (files.hasNext()) {
            io.delta.kernel.data.Row file = files.next();
            FileStatus status = InternalScanFileUtils.getAddFileStatus(file);
            CloseableIterator<ColumnarBatch> physical =
                engine.getParquetHandler()
                    .readParquetFiles(singleton(status), physicalSchema, Optional.empty())
                    .map(result -> result.getData());
            try (CloseableIterator<FilteredColumnarBatch> data =
                Scan.transformPhysicalData(engine, scanState, file, physical)) {
              while (data.hasNext()) {
                addRows(data.next(), readers, rows);
              }
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the Delta table at " + location, e);
    }
    return Optional.of(new Rows(sparkSchema, rows));
  }

  private static void addRows(FilteredColumnarBatch batch, List<ValueReader> readers, List<Row> rows) {
    ColumnarBatch data = batch.getData();
    Optional<ColumnVector> selection = batch.getSelectionVector();
    for (int row = 0; row < data.getSize(); row++) {
      if (selection.isPresent() && (selection.get().isNullAt(row) || !selection.get().getBoolean(row))) {
        continue; // deleted by a deletion vector
      }
      Object[] values = new Object[readers.size()];
      for (int column = 0; column < values.length; column++) {
        ColumnVector vector = data.getColumnVector(column);
        values[column] = vector.isNullAt(row) ? null : readers.get(column).read(vector, row);
      }
      rows.add(RowFactory.create(values));
    }
  }

  /** How a column of one Kernel type becomes Spark's: its type and each value as Java holds it. */
  private record Conversion(org.apache.spark.sql.types.DataType sparkType, ValueReader reader) {}

  @FunctionalInterface
  private interface ValueReader {
    Object read(ColumnVector vector, int row);
  }

  /** The conversion of a column this reader converts; empty for the others. */
  private static Optional<Conversion> conversion(DataType type) {
    if (type instanceof StringType) {
      return Optional.of(new Conversion(DataTypes.StringType, ColumnVector::getString));
    }
    if (type instanceof BooleanType) {
      return Optional.of(new Conversion(DataTypes.BooleanType, ColumnVector::getBoolean));
    }
    if (type instanceof IntegerType) {
      return Optional.of(new Conversion(DataTypes.IntegerType, ColumnVector::getInt));
    }
    if (type instanceof LongType) {
      return Optional.of(new Conversion(DataTypes.LongType, ColumnVector::getLong));
    }
    if (type instanceof DoubleType) {
      return Optional.of(new Conversion(DataTypes.DoubleType, ColumnVector::getDouble));
    }
    if (type instanceof DecimalType decimal) {
      return Optional.of(
          new Conversion(
              DataTypes.createDecimalType(decimal.getPrecision(), decimal.getScale()), ColumnVector::getDecimal));
    }
    if (type instanceof DateType) {
      return Optional.of(
          new Conversion(DataTypes.DateType, (vector, row) -> DateTimeUtils.toJavaDate(vector.getInt(row))));
    }
    if (type instanceof TimestampType) {
      return Optional.of(
          new Conversion(
              DataTypes.TimestampType, (vector, row) -> DateTimeUtils.toJavaTimestamp(vector.getLong(row))));
    }
    return Optional.empty();
  }

  private static <T> CloseableIterator<T> singleton(T element) {
    return io.delta.kernel.internal.util.Utils.singletonCloseableIterator(element);
  }
}
