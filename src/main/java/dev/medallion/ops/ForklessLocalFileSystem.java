package dev.medallion.ops;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileAlreadyExistsException;
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
 * through {@code java.nio}, with the same result, and new files are written past the page cache
 * ({@link DirectFileOutput}) where the disk allows it.
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
    private static final int BUFFER_BYTES = 64 * 1024;

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

    /**
     * A new file's bytes written past the page cache ({@link DirectFileOutput}) where the disk
     * takes them so; appends, and file systems that refuse it, as Hadoop writes them.
     */
    @Override
    protected OutputStream createOutputStreamWithMode(Path path, boolean append, FsPermission permission)
        throws IOException {
      if (append) {
        return super.createOutputStreamWithMode(path, true, permission);
      }
      Optional<OutputStream> direct = DirectFileOutput.open(pathToFile(path).toPath());
      if (direct.isEmpty()) {
        return super.createOutputStreamWithMode(path, false, permission);
      }
      permitAsHadoop(path, permission);
      return direct.get();
    }

    /**
     * A stream writing the new file {@code path}, its folder made only when missing; refused with
     * Hadoop's {@link FileAlreadyExistsException} when the file exists, in the same call that
     * creates it. Hadoop's {@code create} asks whether the file exists and makes its folder first,
     * three or four calls to the file system, where a micro-batch writes hundreds of files into
     * folders that exist (docs/performance.md).
     */
    FSDataOutputStream createNew(Path path) throws IOException {
      OutputStream out;
      try {
        out = openNew(path);
      } catch (NoSuchFileException noFolder) {
        mkdirs(path.getParent());
        out = openNew(path);
      }
      return new FSDataOutputStream(new BufferedOutputStream(out, BUFFER_BYTES), statistics);
    }

    /** As {@link #createOutputStreamWithMode}, but creating the file only where none is. */
    private OutputStream openNew(Path path) throws IOException {
      java.nio.file.Path file = pathToFile(path).toPath();
      Optional<OutputStream> direct = DirectFileOutput.openNew(file);
      if (direct.isPresent()) {
        permitAsHadoop(path, null);
        return direct.get();
      }
      try {
        return Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      } catch (java.nio.file.FileAlreadyExistsException exists) {
        throw new FileAlreadyExistsException("File already exists: " + path);
      }
    }

    /**
     * Gives a file opened past Hadoop's own stream the permission that stream gives: {@code
     * permission}, or the default when null, less the umask.
     */
    private void permitAsHadoop(Path path, FsPermission permission) throws IOException {
      FsPermission mode = permission == null ? FsPermission.getFileDefault() : permission;
      setPermission(path, mode.applyUMask(FsPermission.getUMask(getConf())));
    }

    /**
     * A directory's entries with one {@code stat} each, through {@code java.nio}. Hadoop's listing
     * makes every entry's status with five calls to the file system and a path resolved against the
     * folder's: 14–30 µs an entry against ~4 µs here, and Delta lists its whole log folder (hundreds
     * or thousands of entries) at every snapshot update, commit and streaming read of a local table.
     */
    @Override
    public FileStatus[] listStatus(Path path) throws IOException {
      java.nio.file.Path folder = pathToFile(path).toPath();
      if (!Files.isDirectory(folder)) {
        return super.listStatus(path); // a file's own status, or Hadoop's "does not exist"
      }
      java.net.URI qualified = makeQualified(path).toUri();
      String parent = qualified.getPath().endsWith("/") ? qualified.getPath() : qualified.getPath() + "/";
      long blockSize = getDefaultBlockSize(path);
      List<FileStatus> statuses = new ArrayList<>();
      try (DirectoryStream<java.nio.file.Path> entries = Files.newDirectoryStream(folder)) {
        for (java.nio.file.Path entry : entries) {
          BasicFileAttributes attributes;
          try {
            attributes = Files.readAttributes(entry, BasicFileAttributes.class);
          } catch (NoSuchFileException goneSinceListed) {
            continue; // as Hadoop's listing skips it
          }
          String name = entry.getFileName().toString();
          Path child;
          try {
            // a URI made whole: Hadoop's Path(parent, child) resolves one URI against another
            child = new Path(new java.net.URI(qualified.getScheme(), qualified.getAuthority(), parent + name, null));
          } catch (java.net.URISyntaxException e) {
            throw new IOException("cannot name " + name + " under " + path, e);
          }
          statuses.add(new ListedStatus(attributes, blockSize, child, entry));
        }
      }
      return statuses.toArray(FileStatus[]::new);
    }

    @Override
    public FileStatus getFileLinkStatus(Path path) throws IOException {
      if (Files.isSymbolicLink(pathToFile(path).toPath())) {
        return super.getFileLinkStatus(path);
      }
      return getFileStatus(path); // what Hadoop returns for a file that is not a link
    }
  }

  /**
   * A listed entry's status, as Hadoop's listing reports it (links followed); its permission and
   * owners, which Hadoop reads by starting {@code ls} when asked, are read through {@code java.nio}
   * when asked.
   */
  private static final class ListedStatus extends FileStatus {
    private static final long serialVersionUID = 1L;
    private final transient java.nio.file.Path file;
    private boolean ownersRead;

    ListedStatus(BasicFileAttributes attributes, long blockSize, Path path, java.nio.file.Path file) {
      super(
          attributes.isDirectory() ? 0 : attributes.size(),
          attributes.isDirectory(),
          1,
          blockSize,
          attributes.lastModifiedTime().toMillis(),
          attributes.lastAccessTime().toMillis(),
          null,
          null,
          null,
          path);
      this.file = file;
    }

    @Override
    public FsPermission getPermission() {
      readOwners();
      return super.getPermission();
    }

    @Override
    public String getOwner() {
      readOwners();
      return super.getOwner();
    }

    @Override
    public String getGroup() {
      readOwners();
      return super.getGroup();
    }

    private synchronized void readOwners() {
      if (ownersRead || file == null) {
        return;
      }
      ownersRead = true;
      try {
        PosixFileAttributes posix = Files.readAttributes(file, PosixFileAttributes.class);
        setPermission(FsPermission.valueOf("-" + PosixFilePermissions.toString(posix.permissions())));
        setOwner(posix.owner().getName());
        setGroup(posix.group().getName());
      } catch (IOException | UnsupportedOperationException unreadable) {
        // left as Hadoop leaves an unreadable entry: default permission, no owners
      }
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
