package dev.medallion.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.parquet.io.PositionOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file's length known from its closed stream, and a stream left open closed for its writer. */
class TrackedOutputFileTest {
  @TempDir Path folder;

  @Test
  void theLengthIsKnownOnceTheStreamIsClosed() throws Exception {
    TrackedOutputFile file = file("data.parquet");

    PositionOutputStream stream = file.create(0);
    stream.write(new byte[] {1, 2, 3, 4, 5});
    assertThatThrownBy(file::length).isInstanceOf(IllegalStateException.class).hasMessageContaining("not closed");
    stream.close();
    stream.close(); // a second close, as parquet-mr's writer and an abandoning caller may both make

    assertThat(file.length()).isEqualTo(5).isEqualTo(Files.size(folder.resolve("data.parquet")));
  }

  @Test
  void anAbandonedFilesStreamIsClosedAndHoldsWhatWasWritten() throws Exception {
    TrackedOutputFile file = file("abandoned.parquet");
    file.closeStream(); // nothing opened yet: nothing to close

    file.create(0).write(new byte[] {7, 8, 9});
    file.closeStream();

    assertThat(file.length()).isEqualTo(3);
    assertThat(Files.readAllBytes(folder.resolve("abandoned.parquet"))).containsExactly(7, 8, 9);
  }

  private TrackedOutputFile file(String name) throws Exception {
    FileSystem local = NewParquetFile.raw(FileSystem.getLocal(new Configuration()));
    return new TrackedOutputFile(new NewParquetFile(local, new org.apache.hadoop.fs.Path(folder.resolve(name).toUri())));
  }
}
