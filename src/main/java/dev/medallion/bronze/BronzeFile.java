package dev.medallion.bronze;

import static dev.medallion.spec.BronzeColumns.EVENT_DATA;
import static dev.medallion.spec.BronzeColumns.INGESTION_DATE;
import static dev.medallion.spec.BronzeColumns.INGESTION_TIMESTAMP;
import static dev.medallion.spec.BronzeColumns.KAFKA_KEY;
import static dev.medallion.spec.BronzeColumns.KAFKA_OFFSET;
import static dev.medallion.spec.BronzeColumns.KAFKA_PARTITION;
import static dev.medallion.spec.BronzeColumns.KAFKA_TIMESTAMP;
import static dev.medallion.spec.BronzeColumns.KAFKA_TOPIC;
import static dev.medallion.spec.BronzeColumns.SOURCE_SYSTEM;

import dev.medallion.ops.DriverFileWriter;
import dev.medallion.ops.FileStatistics;
import dev.medallion.ops.NewParquetFile;
import io.delta.kernel.expressions.Literal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.spark.sql.catalyst.catalog.ExternalCatalogUtils;
import org.apache.spark.sql.delta.actions.AddFile;

/**
 * One Parquet data file of a bronze table, written record by record as the ingester reads Kafka:
 * the rows of one ingestion date, encoded by {@link BronzeRecordEncoding}, with Delta's statistics
 * (row count; minimum, maximum and null count of the columns the table keeps statistics on) kept
 * as the rows go by, so closing the file gives its {@code AddFile} without reading it back.
 *
 * <p>Statistics are kept on the coordinates and audit columns; the payload and key get null counts
 * only (their bounds would skip nothing). One thread at a time.
 */
final class BronzeFile {
  private final Path tableRoot;
  private final String relativePath;
  private final FileSystem fileSystem;
  private final LocalDate date;
  private final Set<String> statisticsColumns;
  private final BronzeRecordEncoding.Rows rowsToWrite;

  private long rows;
  private long valueNulls;
  private long keyNulls;
  private long timestampNulls;
  private int partitionMin = Integer.MAX_VALUE;
  private int partitionMax = Integer.MIN_VALUE;
  private long offsetMin = Long.MAX_VALUE;
  private long offsetMax = Long.MIN_VALUE;
  private long timestampMin = Long.MAX_VALUE;
  private long timestampMax = Long.MIN_VALUE;
  private long ingestedMin = Long.MAX_VALUE;
  private long ingestedMax = Long.MIN_VALUE;
  private String topic;

  /**
   * Creates the file under {@code tableRoot}'s partition of {@code date}.
   *
   * <p>The rows are kept in memory, encoded and compressed, until {@link #finish} writes the file
   * or a row group's worth of them is.
   *
   * @param encoding the table's Parquet encoding (compression, schema)
   * @param statisticsColumns the columns the table keeps statistics on
   */
  BronzeFile(
      FileSystem fileSystem,
      Path tableRoot,
      LocalDate date,
      BronzeRecordEncoding encoding,
      Set<String> statisticsColumns) {
    this.fileSystem = fileSystem;
    this.tableRoot = tableRoot;
    this.date = date;
    this.statisticsColumns = Set.copyOf(statisticsColumns);
    String directory = ExternalCatalogUtils.getPartitionPathString(INGESTION_DATE, date.toString());
    this.relativePath = directory + "/" + FileNames.next(encoding.fileSuffix());
    this.rowsToWrite = encoding.newRows(fileSystem, new Path(tableRoot, relativePath));
  }

  /** The ingestion date whose partition holds the file. */
  LocalDate date() {
    return date;
  }

  /** Rows written so far. */
  long rows() {
    return rows;
  }

  /**
   * Appends {@code record} as a bronze row ingested at {@code ingestedMicros} (UTC microseconds).
   *
   * @throws UncheckedIOException when a full row group cannot be written to the file
   */
  void add(ConsumerRecord<ByteBuffer, ByteBuffer> record, String sourceSystem, long ingestedMicros) {
    long timestampMicros = record.timestamp() == RecordBatch.NO_TIMESTAMP ? -1 : record.timestamp() * 1000;
    try {
      rowsToWrite.add(record, timestampMicros, sourceSystem, ingestedMicros);
    } catch (IOException e) {
      throw new UncheckedIOException("could not write the bronze file " + relativePath, e);
    }
    rows++;
    if (record.value() == null) {
      valueNulls++;
    }
    if (record.key() == null) {
      keyNulls++;
    }
    if (timestampMicros < 0) {
      timestampNulls++;
    } else {
      timestampMin = Math.min(timestampMin, timestampMicros);
      timestampMax = Math.max(timestampMax, timestampMicros);
    }
    partitionMin = Math.min(partitionMin, record.partition());
    partitionMax = Math.max(partitionMax, record.partition());
    offsetMin = Math.min(offsetMin, record.offset());
    offsetMax = Math.max(offsetMax, record.offset());
    ingestedMin = Math.min(ingestedMin, ingestedMicros);
    ingestedMax = Math.max(ingestedMax, ingestedMicros);
    topic = record.topic();
  }

  /**
   * Writes the file and returns the action that adds it to the table.
   *
   * @throws UncheckedIOException when the file cannot be written
   */
  AddFile finish(String sourceSystem) {
    Path path = new Path(tableRoot, relativePath);
    try {
      var status = NewParquetFile.writtenStatus(fileSystem, path, rowsToWrite.finish());
      return DriverFileWriter.addFile(
          relativePath, Map.of(INGESTION_DATE, date.toString()), status, statistics(sourceSystem));
    } catch (IOException e) {
      abandon();
      throw new UncheckedIOException("could not write the bronze file " + path, e);
    }
  }

  /** Discards the file (a write abandoned before its commit, or one that failed). */
  void abandon() {
    rowsToWrite.abort();
    try {
      fileSystem.delete(new Path(tableRoot, relativePath), false);
    } catch (IOException | RuntimeException e) {
      // an orphan file is harmless: no commit names it, and VACUUM removes it
    }
  }

  private String statistics(String sourceSystem) {
    Map<String, Literal> min = new HashMap<>();
    Map<String, Literal> max = new HashMap<>();
    Map<String, Long> nulls = new HashMap<>();
    if (rows > 0) {
      bounds(min, max, nulls, KAFKA_TOPIC, Literal.ofString(topic), Literal.ofString(topic), 0);
      bounds(min, max, nulls, KAFKA_PARTITION, Literal.ofInt(partitionMin), Literal.ofInt(partitionMax), 0);
      bounds(min, max, nulls, KAFKA_OFFSET, Literal.ofLong(offsetMin), Literal.ofLong(offsetMax), 0);
      bounds(min, max, nulls, SOURCE_SYSTEM, Literal.ofString(sourceSystem), Literal.ofString(sourceSystem), 0);
      bounds(
          min, max, nulls, INGESTION_TIMESTAMP, Literal.ofTimestamp(ingestedMin), Literal.ofTimestamp(ingestedMax), 0);
      if (timestampNulls < rows) {
        bounds(min, max, nulls, KAFKA_TIMESTAMP, Literal.ofTimestamp(timestampMin), Literal.ofTimestamp(timestampMax),
            timestampNulls);
      } else if (statisticsColumns.contains(KAFKA_TIMESTAMP)) {
        nulls.put(KAFKA_TIMESTAMP, timestampNulls);
      }
    }
    if (statisticsColumns.contains(EVENT_DATA)) {
      nulls.put(EVENT_DATA, valueNulls);
    }
    if (statisticsColumns.contains(KAFKA_KEY)) {
      nulls.put(KAFKA_KEY, keyNulls);
    }
    return FileStatistics.json(BronzeSchema.DATA_SCHEMA, rows, min, max, nulls);
  }

  private void bounds(
      Map<String, Literal> min,
      Map<String, Literal> max,
      Map<String, Long> nulls,
      String column,
      Literal least,
      Literal greatest,
      long nullCount) {
    if (statisticsColumns.contains(column)) {
      min.put(column, least);
      max.put(column, greatest);
      nulls.put(column, nullCount);
    }
  }
}
