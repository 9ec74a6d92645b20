package dev.medallion.ops;

import java.io.IOException;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.CatalystTypeConverters;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericRow;
import org.apache.spark.sql.execution.datasources.parquet.ParquetWriteSupport;
import org.apache.spark.sql.internal.SQLConf;
import org.apache.spark.sql.types.StructType;
import scala.Function1;

/**
 * Writes rows to one Parquet file from the driver, encoded by Spark's own Parquet write support
 * as Spark's writer encodes them (the session's timestamp type and decimal format). The writer
 * gets a configuration of its own with only those settings: Parquet's builder otherwise makes a
 * default Hadoop configuration for every file, which parses Hadoop's default XML files again, and
 * Spark's writer walks the whole session configuration for column settings.
 */
final class ParquetRows {
  private final Configuration fileSystems;
  private final Configuration writer = new Configuration(false);

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
  }

  /**
   * Writes {@code rows}' {@code columns} (the fields of {@code schema}, in order) to a new file at
   * {@code path}, snappy-compressed.
   *
   * @return the written file's status (size, modification time)
   */
  FileStatus write(Path path, StructType schema, int[] columns, List<Row> rows) throws IOException {
    Configuration conf = new Configuration(writer);
    ParquetWriteSupport.setSchema(schema, conf);
    Function1<Object, Object> toInternal = CatalystTypeConverters.createToCatalystConverter(schema);
    try (ParquetWriter<InternalRow> file =
        new Builder(HadoopOutputFile.fromPath(path, fileSystems))
            .withConf(conf)
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
    return path.getFileSystem(fileSystems).getFileStatus(path);
  }

  private static final class Builder extends ParquetWriter.Builder<InternalRow, Builder> {
    Builder(org.apache.parquet.io.OutputFile file) {
      super(file);
    }

    @Override
    protected Builder self() {
      return this;
    }

    @Override
    protected WriteSupport<InternalRow> getWriteSupport(Configuration conf) {
      return new ParquetWriteSupport();
    }
  }
}
