package dev.medallion.ops;

import com.sun.nio.file.ExtendedOpenOption;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A new local file written past the page cache ({@code O_DIRECT}) once it holds more than {@link
 * #DIRECT_FROM} bytes: the bytes go from an aligned buffer of ours to the disk, and the kernel
 * neither copies them nor keeps pages for them. A smaller file is written through the page cache
 * at its close, in one write.
 *
 * <p>Tables are written once and read later, if at all, so the page cache gains little from
 * holding what was just written, and filling it costs: on a virtual machine whose free memory the
 * host takes back (a balloon's free page reporting), every page the cache takes for a write is a
 * page the host must hand back first, ~6 ms of CPU per MB written where writing past the cache
 * costs ~0.2 ms (docs/performance.md). Reads of such a file go to the disk once, at the disk's
 * cost, not the CPU's.
 *
 * <p>Small files are the exception because a write past the cache waits for the disk: on this
 * machine's virtual disk a few kilobytes took 0.1 to 2 ms (more while other writes queued), where
 * the cache takes them in ~20 µs of CPU. A micro-batch writes hundreds of them (gold partitions,
 * Delta commits, streaming checkpoints), one after the other.
 *
 * <p>Past the cache, the file's last, partial block is written padded and the file then cut to its
 * length, so the file holds its bytes once the stream is closed; {@link #flush} writes whole blocks
 * only. Where the file system refuses {@code O_DIRECT} (tmpfs, some network file systems), {@link
 * #open} answers empty and the caller writes as usual. One thread at a time.
 */
public final class DirectFileOutput extends OutputStream {
  /** Alignment of buffers, offsets and lengths: the largest logical block size of common disks. */
  static final int BLOCK = 4096;

  private static final int BUFFER_BYTES = 256 * 1024;

  /** Files larger than this are written past the page cache; smaller ones through it. */
  static final int DIRECT_FROM = 64 * 1024;

  /**
   * Buffers of closed files, kept for the next (at most 32 MB): a new direct buffer is memory
   * touched for the first time, and one dropped waits for a collection to be freed.
   */
  private static final BlockingQueue<ByteBuffer> SPARE_BUFFERS = new ArrayBlockingQueue<>(128);

  private static final Map<Object, Boolean> BLOCKS_FIT_BY_DEVICE = new ConcurrentHashMap<>();

  private final Path file;
  /** The file opened through the page cache; its bytes go there until it grows past the limit. */
  private final FileChannel cached;
  /** The file opened past the page cache, once it holds more than {@link #DIRECT_FROM} bytes. */
  private FileChannel direct;
  private ByteBuffer buffer;
  private long written;
  private boolean closed;

  private DirectFileOutput(Path file, FileChannel cached) {
    this.file = file;
    this.cached = cached;
    ByteBuffer spare = SPARE_BUFFERS.poll();
    this.buffer = spare != null ? spare : ByteBuffer.allocateDirect(BUFFER_BYTES + BLOCK).alignedSlice(BLOCK);
    this.buffer.clear();
  }

  /**
   * The file at {@code file} created (or emptied) for writing past the page cache; empty where the
   * file system does not write that way.
   *
   * @throws IOException when the file cannot be created at all
   */
  public static Optional<OutputStream> open(Path file) throws IOException {
    return open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
  }

  /**
   * The new file {@code file} created for writing past the page cache; empty where the file system
   * does not write that way, and where the file cannot be created (it exists, its folder does not):
   * the caller's own open then says why.
   */
  public static Optional<OutputStream> openNew(Path file) throws IOException {
    return open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
  }

  private static Optional<OutputStream> open(Path file, StandardOpenOption... options) throws IOException {
    FileChannel channel;
    try {
      if (!blocksFit(file.toAbsolutePath().getParent())) {
        return Optional.empty();
      }
      channel = FileChannel.open(file, options);
    } catch (UnsupportedOperationException | IOException refused) {
      return Optional.empty(); // the caller's own open reports a file that cannot be created
    }
    return Optional.of(new DirectFileOutput(file, channel));
  }

  /** Whether the file's bytes now go past the page cache. */
  boolean pastTheCache() {
    return direct != null;
  }

  /**
   * Whether the file system holding {@code folder} has blocks that {@link #BLOCK} is a multiple of;
   * asked once per device (a file store is found by reading the mount table: ~30 µs a file).
   */
  private static boolean blocksFit(Path folder) throws IOException {
    Object device = Files.getAttribute(folder, "unix:dev");
    Boolean fit = BLOCKS_FIT_BY_DEVICE.get(device);
    if (fit == null) {
      long blockSize = Files.getFileStore(folder).getBlockSize();
      fit = blockSize > 0 && blockSize <= BLOCK && BLOCK % blockSize == 0;
      BLOCKS_FIT_BY_DEVICE.put(device, fit);
    }
    return fit;
  }

  @Override
  public void write(int b) throws IOException {
    ensureOpen();
    if (!buffer.hasRemaining()) {
      writeWholeBlocks();
    }
    buffer.put((byte) b);
  }

  /**
   * Opens the file past the page cache when it has grown past {@link #DIRECT_FROM}; a file system
   * that refuses leaves it written through the cache.
   */
  private void goPastTheCacheWhenLarge() throws IOException {
    if (direct != null || written + buffer.position() <= DIRECT_FROM) {
      return;
    }
    try {
      direct = FileChannel.open(file, StandardOpenOption.WRITE, ExtendedOpenOption.DIRECT);
    } catch (UnsupportedOperationException | IOException refused) {
      direct = cached;
    }
  }

  @Override
  public void write(byte[] bytes, int offset, int length) throws IOException {
    ensureOpen();
    while (length > 0) {
      if (!buffer.hasRemaining()) {
        writeWholeBlocks();
      }
      int chunk = Math.min(length, buffer.remaining());
      buffer.put(bytes, offset, chunk);
      offset += chunk;
      length -= chunk;
    }
  }

  /** Writes the whole blocks buffered; the last partial block stays until {@link #close}. */
  @Override
  public void flush() throws IOException {
    ensureOpen();
    writeWholeBlocks();
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    goPastTheCacheWhenLarge();
    try (cached; FileChannel pastTheCache = direct) {
      if (direct == null) {
        buffer.flip();
        writeFully(cached); // a small file: its bytes at once, through the cache
        return;
      }
      long length = written + buffer.position();
      int tail = buffer.position() % BLOCK;
      if (tail > 0) {
        int padding = BLOCK - tail;
        for (int i = 0; i < padding; i++) {
          buffer.put((byte) 0);
        }
      }
      buffer.flip();
      writeFully(direct);
      if (tail > 0) {
        direct.truncate(length);
      }
    } finally {
      buffer.clear();
      SPARE_BUFFERS.offer(buffer);
      buffer = null;
    }
  }

  private void writeWholeBlocks() throws IOException {
    goPastTheCacheWhenLarge();
    int whole = buffer.position() - buffer.position() % BLOCK;
    if (whole == 0) {
      return;
    }
    int end = buffer.position();
    buffer.flip();
    buffer.limit(whole);
    writeFully(direct != null ? direct : cached);
    // the partial block left moves to the front of the buffer
    buffer.limit(end);
    buffer.compact();
  }

  private void writeFully(FileChannel channel) throws IOException {
    while (buffer.hasRemaining()) {
      written += channel.write(buffer, written);
    }
  }

  private void ensureOpen() throws IOException {
    if (closed) {
      throw new IOException("the file is closed");
    }
  }
}
