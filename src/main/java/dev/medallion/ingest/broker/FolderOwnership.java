package dev.medallion.ingest.broker;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.Properties;

/**
 * The claim of one process on an embedded broker's folder: an OS lock on {@code owner.lock}, held
 * while the broker runs, and {@code endpoint.properties}, which tells other processes where it
 * listens.
 *
 * <p>The OS drops the lock when the owning process dies, so a crash leaves no stale claim. On Linux
 * a process loses its lock when it closes <em>any</em> channel on the lock file, so a process that
 * owns a folder must not try to acquire it again; {@link EmbeddedKafka} keeps a registry of the
 * folders this JVM owns for that reason.
 */
final class FolderOwnership implements AutoCloseable {
  static final String LOCK_FILE = "owner.lock";
  static final String ENDPOINT_FILE = "endpoint.properties";
  private static final String BOOTSTRAP_KEY = "bootstrap.servers";

  private final Path folder;
  private final FileChannel channel;
  private final FileLock lock;
  private boolean released;

  private FolderOwnership(Path folder, FileChannel channel, FileLock lock) {
    this.folder = folder;
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Takes the lock of {@code folder} if no process holds it.
   *
   * @return empty when another process holds it
   * @throws UncheckedIOException when the lock file cannot be created or opened
   */
  static Optional<FolderOwnership> tryAcquire(Path folder) {
    Path lockFile = folder.resolve(LOCK_FILE);
    FileChannel channel = null;
    try {
      channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock = channel.tryLock();
      if (lock == null) {
        channel.close();
        return Optional.empty();
      }
      return Optional.of(new FolderOwnership(folder, channel, lock));
    } catch (OverlappingFileLockException heldByThisJvm) {
      // closing this channel would drop the lock this JVM holds through another one: leave it open
      return Optional.empty();
    } catch (IOException e) {
      closeQuietly(channel);
      throw new UncheckedIOException(e);
    }
  }

  /** The bootstrap address the owner of {@code folder} published, if any. */
  static Optional<String> readEndpoint(Path folder) {
    Properties properties = new Properties();
    try (InputStream in = Files.newInputStream(folder.resolve(ENDPOINT_FILE))) {
      properties.load(in);
    } catch (NoSuchFileException absent) {
      return Optional.empty();
    } catch (IOException unreadable) {
      return Optional.empty();
    }
    return Optional.ofNullable(properties.getProperty(BOOTSTRAP_KEY)).filter(s -> !s.isBlank());
  }

  /** Tells other processes where the broker listens; replaces the file atomically. */
  void publishEndpoint(String bootstrap) {
    Properties properties = new Properties();
    properties.setProperty(BOOTSTRAP_KEY, bootstrap);
    properties.setProperty("pid", Long.toString(ProcessHandle.current().pid()));
    Path target = folder.resolve(ENDPOINT_FILE);
    Path temporary = folder.resolve(ENDPOINT_FILE + ".tmp");
    try {
      try (OutputStream out = Files.newOutputStream(temporary)) {
        properties.store(
            out, "Embedded Kafka broker of this folder; valid while owner.lock is held");
      }
      Files.move(
          temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Removes the endpoint file, for example one a crashed owner left behind. */
  void withdrawEndpoint() {
    try {
      Files.deleteIfExists(folder.resolve(ENDPOINT_FILE));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Releases the lock; the broker must be stopped already. Idempotent. */
  @Override
  public void close() {
    if (released) {
      return;
    }
    released = true;
    try {
      lock.release();
    } catch (IOException ignored) {
      // closing the channel below releases it as well
    } finally {
      closeQuietly(channel);
    }
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel == null) {
      return;
    }
    try {
      channel.close();
    } catch (IOException ignored) {
      // nothing useful to do: the lock goes with the process anyway
    }
  }
}
