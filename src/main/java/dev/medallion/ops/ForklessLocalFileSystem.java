package dev.medallion.ops;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.io.nativeio.NativeIO;

/**
 * Hadoop's local file system ({@code file:}, checksummed) without a child process per file.
 * Without Hadoop's native library, which is not on Maven Central, {@link RawLocalFileSystem} runs
 * {@code chmod} in a new process for every file and directory it creates and {@code readlink} for
 * every rename's status check: a few milliseconds each, and the largest cost of writing the many
 * small files of a micro-batch (docs/performance.md). Here permissions are set and links read
 * through {@code java.nio}, with the same result.
 *
 * <p>Installed as {@code fs.file.impl} by {@link SparkSessions}, beside {@link ForklessLocalFs} for
 * {@code FileContext}, which Delta's log and Spark's checkpoints use.
 */
public final class ForklessLocalFileSystem extends LocalFileSystem {
  public ForklessLocalFileSystem() {
    super(new Raw());
  }

  /** The unchecksummed file system underneath, also behind {@link ForklessLocalFs}. */
  static final class Raw extends RawLocalFileSystem {
    @Override
    public void setPermission(Path path, FsPermission permission) throws IOException {
      Set<PosixFilePermission> posix = posix(permission);
      if (NativeIO.isAvailable() || posix == null) {
        super.setPermission(path, permission);
        return;
      }
      try {
        Files.setPosixFilePermissions(pathToFile(path).toPath(), posix);
      } catch (UnsupportedOperationException notPosix) {
        super.setPermission(path, permission); // a file system without POSIX permissions
      }
    }

    @Override
    public FileStatus getFileLinkStatus(Path path) throws IOException {
      if (Files.isSymbolicLink(pathToFile(path).toPath())) {
        return super.getFileLinkStatus(path);
      }
      return getFileStatus(path); // what Hadoop returns for a file that is not a link
    }
  }

  /** The POSIX permissions of {@code permission}; null when it has bits java.nio cannot set. */
  static Set<PosixFilePermission> posix(FsPermission permission) {
    if ((permission.toShort() & ~0777) != 0) {
      return null; // the sticky bit
    }
    return PosixFilePermissions.fromString(permission.toString()); // "rwxr-x---"
  }
}
