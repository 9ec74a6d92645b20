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
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
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
 * costs besides its rows is kept once per instance: the write support, the compressor (with its
 * page-sized buffer), the per-schema settings and converters. Files go to the raw file system:
 * no Hadoop {@code .crc} file beside each on a local disk. One thread at a time.
 */
final class ParquetRows {
  private final Configuration fileSystems;
  private final Configuration writer = new Configuration(false);
  private final ParquetWriteSupport writeSupport = new ParquetWriteSupport();
  private final KeptCodecs codecs;
  private final Map<StructType, Configuration> schemaSettings = new HashMap<>();
  private final Map<StructType, Function1<Object, Object>> converters = new HashMap<>();

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
    Configuration conf =
        schemaSettings.computeIfAbsent(
            schema,
            s -> {
              Configuration settings = new Configuration(writer);
              ParquetWriteSupport.setSchema(s, settings);
              return settings;
            });
    Function1<Object, Object> toInternal =
        converters.computeIfAbsent(schema, CatalystTypeConverters::createToCatalystConverter);
    FileSystem fileSystem = path.getFileSystem(fileSystems);
    FileSystem raw = NewParquetFile.raw(fileSystem);
    try (ParquetWriter<InternalRow> file =
        new ParquetWriterBuilder<InternalRow>(new NewParquetFile(raw, path), writeSupport)
            .withConf(conf)
            .withCodecFactory(codecs)
            .withCompressionCodec(CompressionCodecName.SNAPPY)
            .withWriteMode(ParquetFileWriter.Mode.CREATE)
            .build()) {
      for (Row row : rows) {
        Object[] values = new Object[columns.length];
        for (int i = 0; i < columns.length; i++) {
          values[i] = row.get(columns[i]);
        }
        file.write((InternalRow) toInternal.apply(new GenericRow(values)));
      }
    }
    return raw.getFileStatus(path);
  }

}
