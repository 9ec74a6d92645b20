package dev.medallion.bronze;

import static org.assertj.core.api.Assertions.assertThat;

import dev.medallion.ops.parquet.ColumnEncoder.PageLimits;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.spark.sql.delta.actions.AddFile;
import org.apache.spark.sql.internal.SQLConf;
import org.junit.jupiter.api.Test;

/** A bronze file too big for one row group is written a row group at a time, every row kept. */
class BronzeFileTest {
  @Test
  void rowsPastTheRowGroupSizeGoToTheFileInSeveralRowGroups() throws IOException {
    Path root = LocalTableFolder.create("bronze-file");
    FileSystem fileSystem = root.getFileSystem(new Configuration());
    SQLConf sql = LocalTableFolder.sessionSql();
    BronzeRecordEncoding encoding = new BronzeRecordEncoding(sql, PageLimits.DEFAULT, 64 * 1024);
    BronzeFile file = new BronzeFile(fileSystem, root, LocalDate.of(2026, 12, 4), encoding, Set.of());
    List<String> payloads = new ArrayList<>();
    for (int i = 0; i < 5_000; i++) {
      String payload = "{\"n\":" + i + ",\"pad\":\"" + "x".repeat(i % 300) + "\"}";
      payloads.add(payload);
      file.add(
          new ConsumerRecord<>("events", i % 2, i, null, ByteBuffer.wrap(payload.getBytes(StandardCharsets.UTF_8))),
          "kafka",
          1_764_806_400_000_000L + i / 500);
    }

    AddFile added = file.finish("kafka");

    Path path = new Path(root, added.path());
    try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(path, new Configuration()))) {
      List<BlockMetaData> groups = reader.getFooter().getBlocks();
      assertThat(groups).hasSizeGreaterThan(3);
      assertThat(groups.stream().mapToLong(BlockMetaData::getRowCount).sum()).isEqualTo(5_000);
    }
    List<String> read = new ArrayList<>();
    try (ParquetReader<Group> reader = ParquetReader.builder(new GroupReadSupport(), path).build()) {
      for (Group row = reader.read(); row != null; row = reader.read()) {
        assertThat(row.getLong("kafka_offset", 0)).isEqualTo(read.size());
        assertThat(row.getFieldRepetitionCount("kafka_key")).isZero();
        read.add(row.getBinary("event_data", 0).toStringUsingUTF8());
      }
    }
    assertThat(read).isEqualTo(payloads);
    assertThat(added.numLogicalRecords().get()).isEqualTo(5_000L);
  }

  @Test
  void aFileWrittenWithTheEncodersOfTheLastHoldsOnlyItsOwnRows() throws IOException {
    Path root = LocalTableFolder.create("bronze-file-reuse");
    FileSystem fileSystem = root.getFileSystem(new Configuration());
    BronzeRecordEncoding encoding = new BronzeRecordEncoding(LocalTableFolder.sessionSql());
    List<AddFile> added = new ArrayList<>();
    for (String topic : List.of("first", "second")) {
      BronzeFile file = new BronzeFile(fileSystem, root, LocalDate.of(2026, 12, 5), encoding, Set.of());
      for (int i = 0; i < 3; i++) {
        String payload = topic + i;
        file.add(new ConsumerRecord<>(topic, 0, i, null, utf8(payload)), "kafka", i);
      }
      added.add(file.finish("kafka"));
      assertThat(encoding.spareEncoders()).isEqualTo(1);
    }

    List<String> second = new ArrayList<>();
    try (ParquetReader<Group> reader =
        ParquetReader.builder(new GroupReadSupport(), new Path(root, added.get(1).path())).build()) {
      for (Group row = reader.read(); row != null; row = reader.read()) {
        String topic = row.getBinary("kafka_topic", 0).toStringUsingUTF8();
        second.add(topic + " " + row.getBinary("event_data", 0).toStringUsingUTF8());
      }
    }
    assertThat(second).containsExactly("second second0", "second second1", "second second2");
  }

  @Test
  void payloadsThatArePartsOfLargerBuffersAreWrittenExactlyAndTheirBuffersLeftAsTheyWere() throws IOException {
    Path root = LocalTableFolder.create("bronze-file-buffers");
    FileSystem fileSystem = root.getFileSystem(new Configuration());
    BronzeRecordEncoding encoding = new BronzeRecordEncoding(LocalTableFolder.sessionSql());
    BronzeFile file = new BronzeFile(fileSystem, root, LocalDate.of(2026, 12, 5), encoding, Set.of());
    List<ByteBuffer> values = new ArrayList<>();
    List<String> positions = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      byte[] payload = ("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8);
      ByteBuffer value =
          switch (i % 3) {
            case 0 -> utf8(payload); // a slice: its array begins before it
            case 1 -> ByteBuffer.wrap(withPadding(payload), 3, payload.length); // a position past 0
            default -> ByteBuffer.allocateDirect(payload.length).put(payload).flip(); // not on the heap
          };
      values.add(value);
      positions.add(value.position() + "/" + value.remaining());
      file.add(new ConsumerRecord<>("events", 0, i, null, value), "kafka", i);
    }

    AddFile added = file.finish("kafka");

    List<String> read = new ArrayList<>();
    Path path = new Path(root, added.path());
    try (ParquetReader<Group> reader = ParquetReader.builder(new GroupReadSupport(), path).build()) {
      for (Group row = reader.read(); row != null; row = reader.read()) {
        read.add(row.getBinary("event_data", 0).toStringUsingUTF8());
      }
    }
    assertThat(read).isEqualTo(java.util.stream.IntStream.range(0, 30).mapToObj(i -> "{\"n\":" + i + "}").toList());
    assertThat(values.stream().map(value -> value.position() + "/" + value.remaining()).toList()).isEqualTo(positions);
  }

  /** {@code text}'s UTF-8 bytes as a slice of a larger array, starting 3 bytes into it. */
  private static ByteBuffer utf8(String text) {
    return utf8(text.getBytes(StandardCharsets.UTF_8));
  }

  private static ByteBuffer utf8(byte[] bytes) {
    return ByteBuffer.wrap(withPadding(bytes), 3, bytes.length).slice();
  }

  /** {@code bytes} with 3 bytes of 'x' before and after them. */
  private static byte[] withPadding(byte[] bytes) {
    byte[] padded = new byte[bytes.length + 6];
    java.util.Arrays.fill(padded, (byte) 'x');
    System.arraycopy(bytes, 0, padded, 3, bytes.length);
    return padded;
  }
}
