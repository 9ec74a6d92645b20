package dev.medallion.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalFoldersTest {
  @TempDir Path dir;

  @Test
  void aFolderGoesWithEverythingUnderIt() throws Exception {
    Path root = dir.resolve("run");
    Files.createDirectories(root.resolve("a/b"));
    Files.writeString(root.resolve("a/b/file.parquet"), "rows");
    Files.writeString(root.resolve("top.json"), "{}");

    LocalFolders.delete(root);

    assertThat(root).doesNotExist();
    assertThat(dir).exists();
  }

  @Test
  void aFolderThatIsNotThereIsLeftAlone() {
    LocalFolders.delete(dir.resolve("never-made"));

    assertThat(dir).isEmptyDirectory();
  }
}
