package dev.medallion.ops;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.CodecFactory;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.CatalystTypeConverters;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericRow;
import org.apache.spark.sql.execution.datasources.parquet.ParquetWriteSupport;
import org.apache.spark.sql.internal.SQLConf;
import org.apache.spark.sql.types.StructType;
import scala.Function1;

/**
 * Writes rows to Parquet files from the driver, encoded by Spark's own Parquet write support as
 * Spark's writer encodes them (the session's timestamp type and decimal format). The writer gets a
 * configuration of its own with only those settings: Parquet's builder otherwise makes a default
 * Hadoop configuration for every file, which parses Hadoop's default XML files again, and Spark's
 * writer walks the whole session configuration for column settings.
 *
 * <p>A gold rewrite writes a few rows to each of a hundred or more partitions, so what a file
 * costs besides its rows is kept once per instance: the write support (initialized once per
 * schema), the compressor (with its page-sized buffer), the per-schema settings and converters,
 * the file system. A written file's status is known from its stream, not asked of the file system.
 * Files go to the raw file system: no Hadoop {@code .crc} file beside each on a local disk. One
 * thread at a time.
 */
final class ParquetRows {
  private final Configuration fileSystems;
  private final Configuration writer = new Configuration(false);
  private final KeptCodecs codecs;
  private final Map<StructType, SchemaWriting> bySchema = new HashMap<>();
  /** Raw file systems by scheme and authority: Hadoop's own lookup asks who the user is each time. */
  private final Map<String, FileSystem> rawFileSystems = new HashMap<>();

  /**
   * @param fileSystems the configuration the file's file system is found by (credentials...)
   * @param sql the session's settings, for the encoding
   */
  ParquetRows(Configuration fileSystems, SQLConf sql) {
    this.fileSystems = fileSystems;
    // the settings Spark's Parquet writer requires (Spark's own write sets them in the job)
    for (String key :
        List.of(
            SQLConf.PARQUET_WRITE_LEGACY_FORMAT().key(),
            SQLConf.PARQUET_OUTPUT_TIMESTAMP_TYPE().key(),
            SQLConf.PARQUET_FIELD_ID_WRITE_ENABLED().key(),
            SQLConf.PARQUET_ANNOTATE_VARIANT_LOGICAL_TYPE().key())) {
      writer.set(key, sql.getConfString(key));
    }
    codecs = new KeptCodecs(new CodecFactory(writer, ParquetWriter.DEFAULT_PAGE_SIZE));
  }

  /**
   * Writes {@code rows}' {@code columns} (the fields of {@code schema}, in order) to a new file at
   * {@code path}, snappy-compressed.
   *
   * @return the written file's status (size, modification time)
   */
  FileStatus write(Path path, StructType schema, int[] columns, List<Row> rows) throws IOException {
    SchemaWriting writing = bySchema.computeIfAbsent(schema, this::schemaWriting);
    FileSystem raw = rawFileSystem(path);
    TrackedOutputFile file = new TrackedOutputFile(new NewParquetFile(raw, path));
    try (ParquetWriter<InternalRow> parquet =
        new ParquetWriterBuilder<InternalRow>(file, writing.support())
            .withConf(writing.settings())
            .withCodecFactory(codecs)
            .withCompressionCodec(CompressionCodecName.SNAPPY)
            .withWriteMode(ParquetFileWriter.Mode.CREATE)
            .build()) {
      for (Row row : rows) {
        Object[] values = new Object[columns.length];
        for (int i = 0; i < columns.length; i++) {
          values[i] = row.get(columns[i]);
        }
        parquet.write((InternalRow) writing.toInternal().apply(new GenericRow(values)));
      }
    } catch (IOException | RuntimeException failed) {
      // parquet-mr's close may have failed before closing the stream: the file is not left open
      try {
        file.closeStream();
      } catch (IOException notClosed) {
        failed.addSuppressed(notClosed);
      }
      throw failed;
    }
    return NewParquetFile.writtenStatus(raw, path, file.length());
  }

  private SchemaWriting schemaWriting(StructType schema) {
    Configuration settings = new Configuration(writer);
    ParquetWriteSupport.setSchema(schema, settings);
    return new SchemaWriting(
        settings,
        new PreparedWriteSupport(settings),
        CatalystTypeConverters.createToCatalystConverter(schema));
  }

  private FileSystem rawFileSystem(Path path) throws IOException {
    java.net.URI uri = path.toUri();
    String key = uri.getScheme() + "://" + uri.getAuthority();
    FileSystem raw = rawFileSystems.get(key);
    if (raw == null) {
      raw = NewParquetFile.raw(path.getFileSystem(fileSystems));
      rawFileSystems.put(key, raw);
    }
    return raw;
  }

  /** What writing rows of one schema needs, made once: its settings, write support and converter. */
  private record SchemaWriting(
      Configuration settings, PreparedWriteSupport support, Function1<Object, Object> toInternal) {}

  /**
   * Spark's write support, initialized once for its schema: Spark's {@code init} parses the schema
   * from the settings' JSON and converts it to Parquet's for every file it is given.
   */
  private static final class PreparedWriteSupport extends WriteSupport<InternalRow> {
    private final ParquetWriteSupport spark = new ParquetWriteSupport();
    private final WriteContext context;

    PreparedWriteSupport(Configuration settings) {
      this.context = spark.init(settings);
    }

    @Override
    public WriteContext init(Configuration configuration) {
      return context;
    }

    @Override
    public void prepareForWrite(RecordConsumer recordConsumer) {
      spark.prepareForWrite(recordConsumer);
    }

    @Override
    public void write(InternalRow row) {
      spark.write(row);
    }

    @Override
    public FinalizedWriteContext finalizeWrite() {
      return spark.finalizeWrite();
    }
  }
}
