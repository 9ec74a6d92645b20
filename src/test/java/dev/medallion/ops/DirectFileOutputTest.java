package dev.medallion.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Files written past the page cache hold exactly the bytes written, whatever the lengths and
 * flushes. The files are made under Maven's {@code target/}, on the disk the tables use, where
 * {@code O_DIRECT} is taken; the machines this runs on write it so.
 */
class DirectFileOutputTest {
  private static final Path DIR = Paths.get("target", "direct-file-output");

  @BeforeAll
  static void createFolder() throws IOException {
    Files.createDirectories(DIR);
  }

  @Test
  void aFileHoldsItsBytesWhateverTheirLength() throws IOException {
    int block = DirectFileOutput.BLOCK;
    int small = DirectFileOutput.DIRECT_FROM;
    int[] lengths = {
      0, 1, block - 1, block, block + 1, small - 1, small, small + 1, small + block,
      256 * 1024, 256 * 1024 + 1, 3 * 256 * 1024 + 17
    };
    for (int length : lengths) {
      byte[] bytes = randomBytes(length, length);
      Path file = DIR.resolve("file-" + length);
      DirectFileOutput out = (DirectFileOutput) DirectFileOutput.open(file).orElseThrow();

      out.write(bytes);
      out.close();

      assertThat(Files.readAllBytes(file)).as("%d bytes", length).isEqualTo(bytes);
      assertThat(out.pastTheCache()).as("%d bytes past the page cache", length).isEqualTo(length > small);
    }
  }

  @Test
  void aFileFlushedWhileSmallGoesPastTheCacheOnceItGrows() throws IOException {
    byte[] bytes = randomBytes(DirectFileOutput.DIRECT_FROM * 3 + 5, 11);
    Path file = DIR.resolve("grows");
    DirectFileOutput out = (DirectFileOutput) DirectFileOutput.open(file).orElseThrow();

    out.write(bytes, 0, 10_000);
    out.flush();
    boolean pastTheCacheWhenSmall = out.pastTheCache();
    out.write(bytes, 10_000, bytes.length - 10_000);
    out.flush();
    boolean pastTheCacheWhenLarge = out.pastTheCache();
    out.close();

    assertThat(pastTheCacheWhenSmall).isFalse();
    assertThat(pastTheCacheWhenLarge).isTrue();
    assertThat(Files.readAllBytes(file)).isEqualTo(bytes);
  }

  @Test
  void bytesWrittenOneByOneAndInPiecesBetweenFlushesAllArrive() throws IOException {
    byte[] bytes = randomBytes(600_001, 7);
    Path file = DIR.resolve("pieces");
    SplittableRandom random = new SplittableRandom(3);

    try (OutputStream out = DirectFileOutput.open(file).orElseThrow()) {
      int at = 0;
      while (at < bytes.length) {
        if (random.nextInt(10) == 0) {
          out.write(bytes[at++]);
        } else {
          int length = Math.min(bytes.length - at, random.nextInt(20_000));
          out.write(bytes, at, length);
          at += length;
        }
        if (random.nextInt(5) == 0) {
          out.flush();
        }
      }
    }

    assertThat(Files.readAllBytes(file)).isEqualTo(bytes);
  }

  @Test
  void anExistingFileIsReplacedAndAClosedStreamRefusesWrites() throws IOException {
    Path file = DIR.resolve("replaced");
    Files.write(file, randomBytes(10_000, 1));
    OutputStream out = DirectFileOutput.open(file).orElseThrow();
    out.write(new byte[] {1, 2, 3});
    out.close();
    out.close();

    assertThat(Files.readAllBytes(file)).containsExactly(1, 2, 3);
    assertThatThrownBy(() -> out.write(4)).isInstanceOf(IOException.class).hasMessage("the file is closed");
  }

  private static byte[] randomBytes(int length, long seed) {
    byte[] bytes = new byte[length];
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < length; i++) {
      bytes[i] = (byte) random.nextInt(256);
    }
    return bytes;
  }
}
