package dev.medallion.bronze;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.spark.sql.delta.actions.AddFile;
import org.apache.spark.sql.internal.SQLConf;
import org.junit.jupiter.api.Test;

/** A writer's part of a commit: its files, rotated by row count, and each partition's next offset. */
class PendingCommitTest {
  @Test
  void keepsEachPartitionsNextOffsetAndStartsANewFileEveryRowsPerFile() throws IOException {
    Path root = LocalTableFolder.create("pending-commit");
    FileSystem fileSystem = root.getFileSystem(new Configuration());
    SQLConf sql = LocalTableFolder.sessionSql();
    BronzeRecordEncoding encoding = new BronzeRecordEncoding(sql);
    PendingCommit pending =
        new PendingCommit(date -> new BronzeFile(fileSystem, root, date, encoding, Set.of()), "kafka", 2);

    pending.add(List.of(record(0, 5), record(0, 6), record(1, 10)), Instant.parse("2026-12-04T10:00:00Z"));
    pending.add(List.of(record(1, 11), record(0, 7)), Instant.parse("2026-12-04T10:00:01Z"));

    assertThat(pending.nextOffsets()).isEqualTo(Map.of(0, 8L, 1, 12L));
    assertThat(pending.rows()).isEqualTo(5);
    List<AddFile> files = pending.finish();
    assertThat(files).hasSize(3);
    assertThat(files).allSatisfy(file -> assertThat(file.path()).startsWith("ingestion_date=2026-12-04/"));
    assertThat(files.stream().map(file -> file.numLogicalRecords().get()).toList()).containsExactly(2L, 2L, 1L);
  }

  private static ConsumerRecord<byte[], byte[]> record(int partition, long offset) {
    return new ConsumerRecord<>("events", partition, offset, new byte[] {1}, ("{\"n\":" + offset + "}").getBytes());
  }
}
