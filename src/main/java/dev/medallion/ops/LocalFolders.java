package dev.medallion.ops;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Folders of this machine's disk that Medallion made for a run of its own (a bench's, a benchmark's). */
public final class LocalFolders {
  private LocalFolders() {}

  /**
   * Deletes {@code root} and everything under it, deepest first; nothing when it does not exist.
   *
   * @throws UncheckedIOException when the folder cannot be walked
   */
  public static void delete(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException("could not delete the folder " + root, e);
    }
  }
}
