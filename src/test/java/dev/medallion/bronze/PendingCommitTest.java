package dev.medallion.bronze;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.spark.sql.delta.actions.AddFile;
import org.junit.jupiter.api.Test;

/** A writer's part of a commit: its files, rotated by row count, and each partition's next offset. */
class PendingCommitTest {
  @Test
  void keepsEachPartitionsNextOffsetAndStartsANewFileEveryRowsPerFile() throws IOException {
    PendingCommit pending = pendingCommit(LocalTableFolder.create("pending-commit"), newEncoding());

    pending.add(List.of(record(0, 5), record(0, 6), record(1, 10)), Instant.parse("2026-12-04T10:00:00Z"));
    pending.add(List.of(record(1, 11), record(0, 7)), Instant.parse("2026-12-04T10:00:01Z"));

    assertThat(pending.nextOffsets()).isEqualTo(Map.of(0, 8L, 1, 12L));
    assertThat(pending.rows()).isEqualTo(5);
    List<AddFile> files = pending.finish();
    assertThat(files).hasSize(3);
    assertThat(files).allSatisfy(file -> assertThat(file.path()).startsWith("ingestion_date=2026-12-04/"));
    assertThat(files.stream().map(file -> file.numLogicalRecords().get()).toList()).containsExactly(2L, 2L, 1L);
  }

  @Test
  void writesAFullFileBeforeTheSealUnlessAFileCreatedBeforeItIsStillOpen() throws IOException {
    Path root = LocalTableFolder.create("pending-commit-early");
    BronzeRecordEncoding encoding = newEncoding();
    PendingCommit pending = pendingCommit(root, encoding);
    Instant dayOne = Instant.parse("2026-12-04T23:59:59Z");
    Instant dayTwo = Instant.parse("2026-12-05T00:00:01Z");

    pending.add(List.of(record(0, 0), record(0, 1)), dayOne); // A, full
    assertThat(dataFiles(root)).isZero();
    pending.add(List.of(record(0, 2)), dayTwo); // A written; B
    assertThat(dataFiles(root)).isEqualTo(1);
    pending.add(List.of(record(0, 3), record(0, 4)), dayOne); // C, full
    pending.add(List.of(record(0, 5)), dayOne); // D; C waits for B, created before it
    assertThat(dataFiles(root)).isEqualTo(1);

    List<AddFile> files = pending.finish();

    assertThat(dataFiles(root)).isEqualTo(4);
    assertThat(files.stream().map(file -> file.path().substring(0, "ingestion_date=2026-12-05".length())).toList())
        .containsExactly(
            "ingestion_date=2026-12-04",
            "ingestion_date=2026-12-05",
            "ingestion_date=2026-12-04",
            "ingestion_date=2026-12-04");
    assertThat(files.stream().map(file -> file.numLogicalRecords().get()).toList()).containsExactly(2L, 1L, 2L, 1L);
    List<Long> offsets = new ArrayList<>();
    for (AddFile file : files) {
      offsets.addAll(offsetsIn(new Path(root, file.path())));
    }
    assertThat(offsets).containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
  }

  @Test
  void abandoningDeletesTheFilesWrittenBeforeTheSealToo() throws IOException {
    Path root = LocalTableFolder.create("pending-commit-abandon");
    PendingCommit pending = pendingCommit(root, newEncoding());
    pending.add(List.of(record(0, 0), record(0, 1), record(0, 2)), Instant.parse("2026-12-04T10:00:00Z"));
    assertThat(dataFiles(root)).isEqualTo(1);

    pending.abandon();

    assertThat(dataFiles(root)).isZero();
  }

  /** A writer's commit into files of 2 rows under {@code root}. */
  private static PendingCommit pendingCommit(Path root, BronzeRecordEncoding encoding) throws IOException {
    FileSystem fileSystem = root.getFileSystem(new Configuration());
    return new PendingCommit(date -> new BronzeFile(fileSystem, root, date, encoding, Set.of()), "kafka", 2);
  }

  private static BronzeRecordEncoding newEncoding() {
    return new BronzeRecordEncoding(LocalTableFolder.sessionSql());
  }

  private static long dataFiles(Path root) throws IOException {
    long count = 0;
    var files = root.getFileSystem(new Configuration()).listFiles(root, true);
    while (files.hasNext()) {
      if (files.next().getPath().getName().endsWith(".parquet")) {
        count++;
      }
    }
    return count;
  }

  private static List<Long> offsetsIn(Path file) throws IOException {
    List<Long> offsets = new ArrayList<>();
    try (ParquetReader<Group> reader = ParquetReader.builder(new GroupReadSupport(), file).build()) {
      for (Group row = reader.read(); row != null; row = reader.read()) {
        offsets.add(row.getLong("kafka_offset", 0));
      }
    }
    return offsets;
  }

  private static ConsumerRecord<ByteBuffer, ByteBuffer> record(int partition, long offset) {
    ByteBuffer value = ByteBuffer.wrap(("{\"n\":" + offset + "}").getBytes());
    return new ConsumerRecord<>("events", partition, offset, ByteBuffer.wrap(new byte[] {1}), value);
  }
}
