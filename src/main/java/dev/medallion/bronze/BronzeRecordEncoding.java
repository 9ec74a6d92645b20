package dev.medallion.bronze;

import dev.medallion.ops.NewParquetFile;
import dev.medallion.ops.SparkFooter;
import dev.medallion.ops.parquet.ColumnEncoder.PageLimits;
import dev.medallion.ops.parquet.DictionaryColumn;
import dev.medallion.ops.parquet.PlainColumn;
import dev.medallion.ops.parquet.EncodedColumnsFile;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.schema.MessageType;
import org.apache.spark.sql.execution.datasources.parquet.SparkToParquetSchemaConverter;
import org.apache.spark.sql.internal.SQLConf;

/**
 * How bronze rows are laid out in Parquet: the file schema Spark's own writer gives the bronze
 * columns (8-byte microsecond timestamps, text as UTF-8 binary), Spark's schema and version in the
 * footer as Spark writes them, Snappy compression, and the record's bytes copied as they came from
 * Kafka: the payload and key are not decoded or re-encoded, so a payload that is not UTF-8 text is
 * kept verbatim.
 *
 * <p>The columns are encoded value by value ({@link dev.medallion.ops.parquet}), without
 * parquet-mr's record assembly: the columns that repeat (topic, partition, source system, ingestion
 * time) through a dictionary, the others (payload, key, offset, Kafka time) plain.
 */
final class BronzeRecordEncoding {
  private final MessageType schema;
  private final Map<String, String> footer;
  private final PageLimits pages;
  private final long rowGroupBytes;

  /** An encoding with timestamps as {@code sql} has Spark write them, pages as parquet-mr's. */
  BronzeRecordEncoding(SQLConf sql) {
    this(sql, PageLimits.DEFAULT, EncodedColumnsFile.ROW_GROUP_BYTES);
  }

  /** An encoding ending pages at {@code pages}' limits and row groups at {@code rowGroupBytes}. */
  BronzeRecordEncoding(SQLConf sql, PageLimits pages, long rowGroupBytes) {
    this.schema = new SparkToParquetSchemaConverter(sql).convert(BronzeSchema.DATA_SCHEMA);
    this.footer = SparkFooter.of(BronzeSchema.DATA_SCHEMA);
    this.pages = pages;
    this.rowGroupBytes = rowGroupBytes;
  }

  /** The codec's part of a data file's name, as Spark names its files. */
  String fileSuffix() {
    return "snappy";
  }

  /**
   * A new file at {@code path}, its rows encoded as they are added and held in memory a row group
   * at a time: the file is created when its first row group is full, or when it is written.
   */
  Rows newRows(FileSystem fileSystem, Path path) {
    return new Rows(new NewParquetFile(NewParquetFile.raw(fileSystem), path));
  }

  /** The rows of one file, in {@link BronzeSchema#DATA_SCHEMA}'s column order. */
  final class Rows {
    private final PlainColumn payload = new PlainColumn(column(0), pages);
    private final PlainColumn key = new PlainColumn(column(1), pages);
    private final DictionaryColumn topic = new DictionaryColumn(column(2), pages);
    private final DictionaryColumn partition = new DictionaryColumn(column(3), pages);
    private final PlainColumn offset = new PlainColumn(column(4), pages);
    private final PlainColumn timestamp = new PlainColumn(column(5), pages);
    private final DictionaryColumn sourceSystem = new DictionaryColumn(column(6), pages);
    private final DictionaryColumn ingested = new DictionaryColumn(column(7), pages);
    private final EncodedColumnsFile file;

    private Rows(NewParquetFile output) {
      this.file =
          new EncodedColumnsFile(
              output,
              schema,
              footer,
              List.of(payload, key, topic, partition, offset, timestamp, sourceSystem, ingested));
    }

    /**
     * Adds {@code record}'s row.
     *
     * @param timestampMicros the record's Kafka time in microseconds, negative when it has none
     */
    void add(ConsumerRecord<byte[], byte[]> record, long timestampMicros, String system, long ingestedMicros)
        throws IOException {
      payload.addBinary(record.value());
      key.addBinary(record.key());
      topic.addText(record.topic());
      partition.addInt(record.partition());
      offset.addLong(record.offset());
      if (timestampMicros < 0) {
        timestamp.addNull();
      } else {
        timestamp.addLong(timestampMicros);
      }
      sourceSystem.addText(system);
      ingested.addLong(ingestedMicros);
      file.rowAdded(rowGroupBytes);
    }

    /** Writes the rows held and completes the file; returns its length in bytes. No row may be added after. */
    long finish() throws IOException {
      return file.finish();
    }

    /** Closes the file, if created, without completing it (it is deleted after). */
    void abort() {
      file.abort();
    }

    private ColumnDescriptor column(int index) {
      return schema.getColumns().get(index);
    }
  }
}
