package dev.medallion.bronze;

import dev.medallion.ops.NewParquetFile;
import dev.medallion.ops.SparkFooter;
import dev.medallion.ops.parquet.ColumnEncoder;
import dev.medallion.ops.parquet.ColumnEncoder.PageLimits;
import dev.medallion.ops.parquet.DictionaryColumn;
import dev.medallion.ops.parquet.PlainColumn;
import dev.medallion.ops.parquet.EncodedColumnsFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
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
  /**
   * Encoders whose buffers hold more than this are not kept for the next file: a file of a large
   * commit (a row group of up to 128 MB) would otherwise keep that much for good.
   */
  private static final long MAX_KEPT_BYTES = 32L * 1024 * 1024;

  private final MessageType schema;
  private final Map<String, String> footer;
  private final PageLimits pages;
  private final long rowGroupBytes;
  /**
   * Encoders of finished files, for the next: each file's column buffers grow to a few MB and live
   * until it is written, long enough for young collections to copy them, so new ones for every
   * file cost the collector more than the encoding (bronze's measured pass: the collector's
   * threads as busy as the writers). One thread at a time, as the files.
   */
  private final ArrayDeque<Columns> spare = new ArrayDeque<>();

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
    Columns columns = spare.isEmpty() ? new Columns() : spare.pop();
    return new Rows(new NewParquetFile(NewParquetFile.raw(fileSystem), path), columns);
  }

  /** Encoders kept for the next file ({@link #newRows} reuses them). */
  int spareEncoders() {
    return spare.size();
  }

  /** One encoder per column, in {@link BronzeSchema#DATA_SCHEMA}'s order. */
  private final class Columns {
    private final PlainColumn payload = new PlainColumn(column(0), pages);
    private final PlainColumn key = new PlainColumn(column(1), pages);
    private final DictionaryColumn topic = new DictionaryColumn(column(2), pages);
    private final DictionaryColumn partition = new DictionaryColumn(column(3), pages);
    private final PlainColumn offset = new PlainColumn(column(4), pages);
    private final PlainColumn timestamp = new PlainColumn(column(5), pages);
    private final DictionaryColumn sourceSystem = new DictionaryColumn(column(6), pages);
    private final DictionaryColumn ingested = new DictionaryColumn(column(7), pages);
    private final List<ColumnEncoder> all =
        List.of(payload, key, topic, partition, offset, timestamp, sourceSystem, ingested);

    private long capacityBytes() {
      return all.stream().mapToLong(ColumnEncoder::capacityBytes).sum();
    }
  }

  /** The rows of one file, in {@link BronzeSchema#DATA_SCHEMA}'s column order. */
  final class Rows {
    private final Columns columns;
    private final EncodedColumnsFile file;

    private Rows(NewParquetFile output, Columns columns) {
      this.columns = columns;
      this.file = new EncodedColumnsFile(output, schema, footer, columns.all);
    }

    /**
     * Adds {@code record}'s row.
     *
     * @param timestampMicros the record's Kafka time in microseconds, negative when it has none
     */
    void add(ConsumerRecord<ByteBuffer, ByteBuffer> record, long timestampMicros, String system, long ingestedMicros)
        throws IOException {
      columns.payload.addBinary(record.value());
      columns.key.addBinary(record.key());
      columns.topic.addText(record.topic());
      columns.partition.addInt(record.partition());
      columns.offset.addLong(record.offset());
      if (timestampMicros < 0) {
        columns.timestamp.addNull();
      } else {
        columns.timestamp.addLong(timestampMicros);
      }
      columns.sourceSystem.addText(system);
      columns.ingested.addLong(ingestedMicros);
      file.rowAdded(rowGroupBytes);
    }

    /** Writes the rows held and completes the file; returns its length in bytes. No row may be added after. */
    long finish() throws IOException {
      long length = file.finish();
      // written whole: the encoders are empty again, their buffers kept
      if (columns.capacityBytes() <= MAX_KEPT_BYTES) {
        spare.push(columns);
      }
      return length;
    }

    /** Closes the file, if created, without completing it (it is deleted after). */
    void abort() {
      file.abort();
    }
  }

  private ColumnDescriptor column(int index) {
    return schema.getColumns().get(index);
  }
}
