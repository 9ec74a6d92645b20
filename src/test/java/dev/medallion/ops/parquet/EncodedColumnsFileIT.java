package dev.medallion.ops.parquet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.medallion.ops.NewParquetFile;
import dev.medallion.ops.parquet.ColumnEncoder.PageLimits;
import dev.medallion.testing.SharedSpark;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Files written by the column encoders read back, value for value, through Spark's vectorized
 * reader and parquet-mr's record reader, with the pages, dictionaries and statistics they claim.
 */
class EncodedColumnsFileIT {
  private static final MessageType SCHEMA =
      MessageTypeParser.parseMessageType(
          """
          message row {
            optional binary payload;
            optional binary label (STRING);
            required binary topic (STRING);
            required int32 part;
            required int64 position;
            optional int64 at (TIMESTAMP(MICROS,true));
            required int64 batch;
          }
          """);
  private static final byte[] NOT_UTF8 = {(byte) 0xC3, (byte) 0x28, '{', (byte) 0xFF};

  @TempDir java.nio.file.Path folder;

  private final SparkSession spark = SharedSpark.session();

  /** One row's values, as written. */
  private record Values(byte[] payload, String label, String topic, int part, long position, Long at, long batch) {}

  /**
   * Pages of at most 7 values or 100 bytes: hundreds of pages, dictionary indexes across them; pages
   * of 200 values or 4 KiB: null runs too many for the definition levels to fit in front of the
   * values; row groups of 333 rows: a dictionary and statistics of each group's own.
   */
  @ParameterizedTest
  @CsvSource({"7, 100, 2000", "200, 4096, 2000", "200, 4096, 333"})
  void pagesWithNullsAndRepeatsReadBackExactlyBothWays(int pageValues, int pageBytes, int rowGroupRows)
      throws IOException {
    List<Values> rows = randomRows(new Random(7), 2_000);
    Path file = write(rows, new PageLimits(pageValues, pageBytes), rowGroupRows);

    for (String vectorized : List.of("true", "false")) {
      spark.conf().set("spark.sql.parquet.enableVectorizedReader", vectorized);
      try {
        List<Row> read = spark.read().parquet(file.toString()).orderBy("position").collectAsList();
        assertThat(read).as("rows read with the vectorized reader " + vectorized).hasSize(rows.size());
        for (int i = 0; i < rows.size(); i++) {
          Values expected = rows.get(i);
          Row row = read.get(i);
          assertThat((byte[]) row.get(0)).as("payload of row " + i).isEqualTo(expected.payload());
          assertThat(row.get(1)).as("label of row " + i).isEqualTo(expected.label());
          assertThat(row.getString(2)).isEqualTo(expected.topic());
          assertThat(row.getInt(3)).isEqualTo(expected.part());
          assertThat(row.getLong(4)).isEqualTo(expected.position());
          assertThat(row.isNullAt(5) ? null : micros(row.getTimestamp(5))).isEqualTo(expected.at());
          assertThat(row.getLong(6)).isEqualTo(expected.batch());
        }
      } finally {
        spark.conf().unset("spark.sql.parquet.enableVectorizedReader");
      }
    }
  }

  @Test
  void aFilterOnAnIntegerColumnReadsTheRightRowsThroughItsIndexes() throws IOException {
    List<Values> rows = randomRows(new Random(11), 5_000);
    Path file = write(rows, new PageLimits(500, 1 << 20));

    long matching =
        spark.read().parquet(file.toString()).where("position BETWEEN 1200 AND 1299 AND part = 1").count();

    assertThat(matching).isEqualTo(rows.stream().filter(v -> v.position() >= 1200 && v.position() <= 1299 && v.part() == 1).count());
  }

  @Test
  void theFooterHoldsEachChunksEncodingsAndTheIntegerColumnsBounds() throws IOException {
    List<Values> rows = randomRows(new Random(3), 1_000);
    Path file = write(rows, new PageLimits(100, 1 << 20));

    ParquetMetadata footer;
    try (ParquetFileReader reader =
        ParquetFileReader.open(HadoopInputFile.fromPath(file, new Configuration()))) {
      footer = reader.getFooter();
    }
    assertThat(footer.getFileMetaData().getKeyValueMetaData()).containsEntry("written.by", "a test");
    BlockMetaData group = footer.getBlocks().get(0);
    assertThat(group.getRowCount()).isEqualTo(rows.size());
    ColumnChunkMetaData topic = group.getColumns().get(2);
    assertThat(topic.getEncodings()).contains(Encoding.PLAIN_DICTIONARY);
    assertThat(topic.hasDictionaryPage()).isTrue();
    ColumnChunkMetaData position = group.getColumns().get(4);
    assertThat(position.getEncodings()).contains(Encoding.PLAIN).doesNotContain(Encoding.PLAIN_DICTIONARY);
    assertThat(position.getStatistics().genericGetMin()).isEqualTo(0L);
    assertThat(position.getStatistics().genericGetMax()).isEqualTo((long) rows.size() - 1);
    Statistics<?> at = group.getColumns().get(5).getStatistics();
    assertThat(at.getNumNulls()).isEqualTo(rows.stream().filter(v -> v.at() == null).count());
    assertThat(at.genericGetMin()).isEqualTo(rows.stream().filter(v -> v.at() != null).mapToLong(Values::at).min().getAsLong());
    assertThat(group.getColumns().get(3).getStatistics().genericGetMax()).isEqualTo(2);
  }

  @Test
  void eachRowGroupHasItsOwnRowsAndBounds() throws IOException {
    List<Values> rows = randomRows(new Random(5), 1_000);
    Path file = write(rows, new PageLimits(64, 1 << 20), 300);

    List<BlockMetaData> groups;
    try (ParquetFileReader reader =
        ParquetFileReader.open(HadoopInputFile.fromPath(file, new Configuration()))) {
      groups = reader.getFooter().getBlocks();
    }
    assertThat(groups.stream().map(BlockMetaData::getRowCount).toList()).containsExactly(300L, 300L, 300L, 100L);
    for (int i = 0; i < groups.size(); i++) {
      Statistics<?> position = groups.get(i).getColumns().get(4).getStatistics();
      assertThat(position.genericGetMin()).isEqualTo(300L * i);
      assertThat(position.genericGetMax()).isEqualTo(Math.min(300L * (i + 1), 1_000) - 1);
      assertThat(groups.get(i).getColumns().get(2).hasDictionaryPage()).isTrue();
    }
  }

  @Test
  void encodersRefuseWhatTheirColumnCannotHold() {
    PlainColumn position = new PlainColumn(SCHEMA.getColumns().get(4), PageLimits.DEFAULT);
    DictionaryColumn part = new DictionaryColumn(SCHEMA.getColumns().get(3), PageLimits.DEFAULT);

    assertThatThrownBy(position::addNull).hasMessageContaining("required column [position]").hasMessageContaining("cannot hold a null");
    assertThatThrownBy(() -> part.addLong(1)).hasMessageContaining("holds INT32, not INT64");
    assertThatThrownBy(() -> new DictionaryColumn(SCHEMA.getColumns().get(0), PageLimits.DEFAULT))
        .hasMessageContaining("required top-level");
    assertThatThrownBy(() -> new PlainColumn(SCHEMA.getColumns().get(3), PageLimits.DEFAULT))
        .hasMessageContaining("byte arrays or 64-bit integers");
    assertThatThrownBy(
            () ->
                new EncodedColumnsFile(
                    new NewParquetFile(FileSystem.getLocal(new Configuration()), new Path(folder.resolve("x").toUri())),
                    SCHEMA, Map.of(), List.of(position, part)))
        .hasMessageContaining("the encoders' columns are not the schema's");
  }

  private Path write(List<Values> rows, PageLimits limits) throws IOException {
    return write(rows, limits, rows.size());
  }

  /** Writes {@code rows} in row groups of {@code rowGroupRows} rows. */
  private Path write(List<Values> rows, PageLimits limits, int rowGroupRows) throws IOException {
    PlainColumn payload = new PlainColumn(SCHEMA.getColumns().get(0), limits);
    PlainColumn label = new PlainColumn(SCHEMA.getColumns().get(1), limits);
    DictionaryColumn topic = new DictionaryColumn(SCHEMA.getColumns().get(2), limits);
    DictionaryColumn part = new DictionaryColumn(SCHEMA.getColumns().get(3), limits);
    PlainColumn position = new PlainColumn(SCHEMA.getColumns().get(4), limits);
    PlainColumn at = new PlainColumn(SCHEMA.getColumns().get(5), limits);
    DictionaryColumn batch = new DictionaryColumn(SCHEMA.getColumns().get(6), limits);
    Path path =
        new Path(folder.resolve("file-" + rows.size() + "-" + limits.values() + "-" + rowGroupRows + ".parquet").toUri());
    EncodedColumnsFile file =
        new EncodedColumnsFile(
            new NewParquetFile(FileSystem.getLocal(new Configuration()), path),
            SCHEMA,
            Map.of("written.by", "a test"),
            List.of(payload, label, topic, part, position, at, batch));
    int inGroup = 0;
    for (Values row : rows) {
      payload.addBinary(wrapped(row.payload()));
      label.addBinary(row.label() == null ? null : wrapped(row.label().getBytes(StandardCharsets.UTF_8)));
      topic.addText(row.topic());
      part.addInt(row.part());
      position.addLong(row.position());
      if (row.at() == null) {
        at.addNull();
      } else {
        at.addLong(row.at());
      }
      batch.addLong(row.batch());
      if (++inGroup == rowGroupRows) {
        file.writeRowGroup(inGroup);
        inGroup = 0;
      }
    }
    file.writeRowGroup(inGroup);
    file.finish();
    return path;
  }

  private static List<Values> randomRows(Random random, int count) {
    List<Values> rows = new ArrayList<>();
    long batch = 1_700_000_000_000_000L;
    for (int i = 0; i < count; i++) {
      if (random.nextInt(10) == 0) {
        batch += random.nextInt(1_000_000);
      }
      byte[] payload =
          switch (random.nextInt(6)) {
            case 0 -> null;
            case 1 -> NOT_UTF8;
            case 2 -> new byte[0];
            default -> ("{\"n\":" + i + ",\"pad\":\"" + "x".repeat(random.nextInt(60)) + "\"}").getBytes(StandardCharsets.UTF_8);
          };
      rows.add(
          new Values(
              payload,
              random.nextBoolean() ? null : "ü-" + random.nextInt(40),
              random.nextInt(50) == 0 ? "other.topic" : "events",
              random.nextInt(3),
              i,
              random.nextInt(4) == 0 ? null : 1_700_000_000_000_000L + random.nextInt(1_000_000_000) - 500_000_000L,
              batch));
    }
    return rows;
  }

  private static long micros(java.sql.Timestamp timestamp) {
    return Math.floorDiv(timestamp.getTime(), 1000) * 1_000_000L + timestamp.getNanos() / 1_000;
  }

  /** {@code bytes} as the buffer a Kafka record's value comes in; null stays null. */
  private static ByteBuffer wrapped(byte[] bytes) {
    return bytes == null ? null : ByteBuffer.wrap(bytes);
  }
}
