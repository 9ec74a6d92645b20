package dev.medallion.ops.parquet;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.xerial.snappy.Snappy;

/**
 * One column's pages of a row group, compressed with Snappy into one buffer as each page ends, and
 * written to the file when the row group is: a dictionary, known only once every page has been
 * written, has to come first. Cleared for the next row group, its buffer kept.
 */
final class ColumnChunk {
  private record Page(
      int offset, int length, int uncompressedSize, int valueCount, int rowCount, Statistics<?> statistics) {}

  private final ColumnDescriptor column;
  private final Encoding valuesEncoding;
  private final List<Page> pages = new ArrayList<>();
  private byte[] compressed;
  private int size;
  private long values;
  private DictionaryPage dictionary;

  ColumnChunk(ColumnDescriptor column, Encoding valuesEncoding, int capacity) {
    this.column = column;
    this.valuesEncoding = valuesEncoding;
    this.compressed = new byte[capacity];
  }

  /**
   * Compresses and keeps a data page: its levels and values, {@code length} bytes of {@code page}
   * from {@code offset}.
   *
   * @param statistics the page's statistics, or null where it keeps none (every page of the chunk
   *     must then keep none)
   */
  void addPage(byte[] page, int offset, int length, int valueCount, Statistics<?> statistics) throws IOException {
    addPage(page, offset, length, valueCount, valueCount, statistics);
  }

  /**
   * Compresses and keeps a data page of a column whose rows may hold several values ({@code
   * valueCount} entries, repetition levels included, in {@code rowCount} whole rows).
   */
  void addPage(byte[] page, int offset, int length, int valueCount, int rowCount, Statistics<?> statistics)
      throws IOException {
    int bound = Snappy.maxCompressedLength(length);
    if (size + bound > compressed.length) {
      compressed = Arrays.copyOf(compressed, Math.max(compressed.length * 2, size + bound));
    }
    int written = Snappy.compress(page, offset, length, compressed, size);
    pages.add(new Page(size, written, length, valueCount, rowCount, statistics));
    size += written;
    values += valueCount;
  }

  /** Compresses and keeps the chunk's dictionary: {@code entries} plain values, {@code length} bytes. */
  void setDictionary(byte[] plain, int offset, int length, int entries) throws IOException {
    byte[] bytes = new byte[Snappy.maxCompressedLength(length)];
    int written = Snappy.compress(plain, offset, length, bytes, 0);
    dictionary =
        new DictionaryPage(BytesInput.from(bytes, 0, written), length, entries, Encoding.PLAIN_DICTIONARY);
  }

  /** Bytes held: the compressed pages and dictionary. */
  long bufferedBytes() {
    return size + (dictionary == null ? 0 : dictionary.getCompressedSize());
  }

  /** Bytes of the chunk's buffer. */
  long capacityBytes() {
    return compressed.length;
  }

  /** Forgets the pages and dictionary written, for the next row group. */
  void clear() {
    pages.clear();
    size = 0;
    values = 0;
    dictionary = null;
  }

  /** Writes the chunk as the next column of {@code file}'s row group. */
  void writeTo(ParquetFileWriter file) throws IOException {
    file.startColumn(column, values, CompressionCodecName.SNAPPY);
    if (dictionary != null) {
      file.writeDictionaryPage(dictionary);
    }
    Encoding repetitionLevels = column.getMaxRepetitionLevel() == 0 ? Encoding.BIT_PACKED : Encoding.RLE;
    Encoding definitionLevels = column.getMaxDefinitionLevel() == 0 ? Encoding.BIT_PACKED : Encoding.RLE;
    for (Page page : pages) {
      file.writeDataPage(
          page.valueCount(),
          page.uncompressedSize(),
          BytesInput.from(compressed, page.offset(), page.length()),
          page.statistics(),
          page.rowCount(),
          repetitionLevels,
          definitionLevels,
          valuesEncoding);
    }
    file.endColumn();
  }
}
