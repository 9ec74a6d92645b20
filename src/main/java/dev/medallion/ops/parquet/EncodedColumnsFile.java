package dev.medallion.ops.parquet;

import dev.medallion.ops.TrackedOutputFile;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.schema.MessageType;

/**
 * A Parquet file written from its columns' encoders, a row group at a time, with parquet-mr's
 * footer (the schema, key-value metadata, each chunk's statistics) and its column and offset
 * indexes. The file is created when its first row group is written. Pages carry no checksum, as
 * Spark's reader checks none. One thread at a time.
 */
public final class EncodedColumnsFile {
  /** A row group is written once its encoded rows hold this many bytes, as parquet-mr's. */
  public static final long ROW_GROUP_BYTES = ParquetWriter.DEFAULT_BLOCK_SIZE;

  /** How many rows go by between two looks at the bytes held. */
  private static final int ROWS_BETWEEN_LOOKS = 1024;

  private final TrackedOutputFile file;
  private final MessageType schema;
  private final Map<String, String> footer;
  private final List<? extends ColumnEncoder> columns;
  private ParquetFileWriter writer;
  private long rowsInGroup;

  /**
   * @param columns the encoders of every column of {@code schema}, in its order
   * @throws IllegalArgumentException when the encoders do not match the schema's columns
   */
  public EncodedColumnsFile(
      OutputFile file, MessageType schema, Map<String, String> footer, List<? extends ColumnEncoder> columns) {
    if (!schema.getColumns().equals(columns.stream().map(ColumnEncoder::column).toList())) {
      throw new IllegalArgumentException("the encoders' columns are not the schema's: " + schema);
    }
    this.file = new TrackedOutputFile(file);
    this.schema = schema;
    this.footer = Map.copyOf(footer);
    this.columns = List.copyOf(columns);
  }

  /** Bytes the encoders hold for the row group being filled. */
  public long bufferedBytes() {
    long bytes = 0;
    for (ColumnEncoder column : columns) {
      bytes += column.bufferedBytes();
    }
    return bytes;
  }

  /**
   * Writes the encoders' values as a row group of {@code rows} rows (none: nothing is written), and
   * starts the next.
   *
   * @throws IOException when the file cannot be created or written; {@link #abort} then closes it
   */
  public void writeRowGroup(long rows) throws IOException {
    if (rows == 0) {
      return;
    }
    open();
    writer.startBlock(rows);
    for (ColumnEncoder column : columns) {
      column.finish();
      column.chunk().writeTo(writer);
      column.startNextRowGroup();
    }
    writer.endBlock();
  }

  /**
   * Counts a row whose values every encoder has taken, and writes the row group once the encoders
   * hold {@code rowGroupBytes} (looked at every {@value #ROWS_BETWEEN_LOOKS} rows).
   */
  public void rowAdded(long rowGroupBytes) throws IOException {
    if (++rowsInGroup % ROWS_BETWEEN_LOOKS == 0 && bufferedBytes() >= rowGroupBytes) {
      writeRowGroup(rowsInGroup);
      rowsInGroup = 0;
    }
  }

  /**
   * Writes the rows counted by {@link #rowAdded} since the last row group, then the footer, and
   * closes the file. No row may be added after.
   *
   * @return the file's length in bytes
   * @throws IOException when the file cannot be written; {@link #abort} then closes it
   */
  public long finish() throws IOException {
    writeRowGroup(rowsInGroup);
    rowsInGroup = 0;
    return close();
  }

  /** Writes the footer and closes the file (created now if no row group was written); returns its length. */
  private long close() throws IOException {
    open();
    writer.end(footer);
    return file.length();
  }

  /** Closes the file after a failure, without completing it; the caller deletes it. */
  public void abort() {
    if (writer != null) {
      writer.abort();
    }
    try {
      file.closeStream();
    } catch (IOException e) {
      // the file is abandoned: its caller deletes it
    }
  }

  private void open() throws IOException {
    if (writer == null) {
      writer =
          new ParquetFileWriter(
              file,
              schema,
              ParquetFileWriter.Mode.CREATE,
              ROW_GROUP_BYTES,
              0,
              ParquetProperties.DEFAULT_COLUMN_INDEX_TRUNCATE_LENGTH,
              ParquetProperties.DEFAULT_STATISTICS_TRUNCATE_LENGTH,
              false);
      writer.start();
    }
  }
}
