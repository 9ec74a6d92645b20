package dev.medallion.ops.parquet;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;
import org.apache.parquet.schema.MessageType;

/**
 * A Parquet file of one row group, written at once from the chunks of its columns' encoders, with
 * parquet-mr's footer (the schema, {@code footer}'s key-value metadata, each chunk's statistics)
 * and its column and offset indexes. Pages carry no checksum, as Spark's reader checks none.
 */
public final class RowGroupFile {
  private static final long ROW_GROUP_SIZE = 128L * 1024 * 1024;

  private RowGroupFile() {}

  /**
   * Ends each encoder's last page and writes the file.
   *
   * @param columns the encoders of every column of {@code schema}, in its order, each holding
   *     {@code rows} values
   * @throws IllegalArgumentException when the encoders do not match the schema's columns
   * @throws IOException when the file cannot be created or written; a file partly written is left
   *     for the caller to delete
   */
  public static void write(
      OutputFile file, MessageType schema, Map<String, String> footer, long rows, List<? extends ColumnEncoder> columns)
      throws IOException {
    if (!schema.getColumns().equals(columns.stream().map(ColumnEncoder::column).toList())) {
      throw new IllegalArgumentException("the encoders' columns are not the schema's: " + schema);
    }
    OpenedFile opened = new OpenedFile(file);
    ParquetFileWriter writer =
        new ParquetFileWriter(
            opened,
            schema,
            ParquetFileWriter.Mode.CREATE,
            ROW_GROUP_SIZE,
            0,
            ParquetProperties.DEFAULT_COLUMN_INDEX_TRUNCATE_LENGTH,
            ParquetProperties.DEFAULT_STATISTICS_TRUNCATE_LENGTH,
            false);
    try {
      writer.start();
      if (rows > 0) {
        writer.startBlock(rows);
        for (ColumnEncoder column : columns) {
          column.finish();
          column.chunk().writeTo(writer);
        }
        writer.endBlock();
      }
      writer.end(footer);
    } catch (IOException | RuntimeException e) {
      opened.closeQuietly(e);
      throw e;
    }
  }

  /** The output file, remembering its stream: parquet-mr's writer leaves it open when it fails. */
  private static final class OpenedFile implements OutputFile {
    private final OutputFile file;
    private PositionOutputStream stream;

    OpenedFile(OutputFile file) {
      this.file = file;
    }

    @Override
    public PositionOutputStream create(long blockSizeHint) throws IOException {
      stream = file.create(blockSizeHint);
      return stream;
    }

    @Override
    public PositionOutputStream createOrOverwrite(long blockSizeHint) throws IOException {
      stream = file.createOrOverwrite(blockSizeHint);
      return stream;
    }

    @Override
    public boolean supportsBlockSize() {
      return file.supportsBlockSize();
    }

    @Override
    public long defaultBlockSize() {
      return file.defaultBlockSize();
    }

    @Override
    public String getPath() {
      return file.getPath();
    }

    void closeQuietly(Exception failure) {
      if (stream != null) {
        try {
          stream.close();
        } catch (IOException e) {
          failure.addSuppressed(e);
        }
      }
    }
  }
}
