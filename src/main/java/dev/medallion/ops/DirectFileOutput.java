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
 * A new local file written past the page cache ({@code O_DIRECT}): the bytes go from an aligned
 * buffer of ours to the disk, and the kernel neither copies them nor keeps pages for them.
 *
 * <p>Tables are written once and read later, if at all, so the page cache gains little from
 * holding what was just written, and filling it costs: on a virtual machine whose free memory the
 * host takes back (a balloon's free page reporting), every page the cache takes for a write is a
 * page the host must hand back first, ~6 ms of CPU per MB written where writing past the cache
 * costs ~0.2 ms (docs/performance.md). Reads of such a file go to the disk once, at the disk's
 * cost, not the CPU's.
 *
 * <p>The file's last, partial block is written padded and the file then cut to its length, so the
 * file holds its bytes once the stream is closed; {@link #flush} writes whole blocks only. Where
 * the file system refuses {@code O_DIRECT} (tmpfs, some network file systems), {@link #open}
 * answers empty and the caller writes as usual. One thread at a time.
 */
public final class DirectFileOutput extends OutputStream {
  /** Alignment of buffers, offsets and lengths: the largest logical block size of common disks. */
  static final int BLOCK = 4096;

  private static final int BUFFER_BYTES = 256 * 1024;

  /**
   * Buffers of closed files, kept for the next (at most 32 MB): a new direct buffer is memory
   * touched for the first time, and one dropped waits for a collection to be freed.
   */
  private static final BlockingQueue<ByteBuffer> SPARE_BUFFERS = new ArrayBlockingQueue<>(128);

  private static final Map<Object, Boolean> BLOCKS_FIT_BY_DEVICE = new ConcurrentHashMap<>();

  private final FileChannel channel;
  private ByteBuffer buffer;
  private long written;
  private boolean closed;

  private DirectFileOutput(FileChannel channel) {
    this.channel = channel;
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
    FileChannel channel;
    try {
      if (!blocksFit(file.toAbsolutePath().getParent())) {
        return Optional.empty();
      }
      channel =
          FileChannel.open(
              file,
              StandardOpenOption.CREATE,
              StandardOpenOption.TRUNCATE_EXISTING,
              StandardOpenOption.WRITE,
              ExtendedOpenOption.DIRECT);
    } catch (UnsupportedOperationException | IOException refused) {
      return Optional.empty(); // the caller's own open reports a file that cannot be created
    }
    return Optional.of(new DirectFileOutput(channel));
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
    try (channel) {
      long length = written + buffer.position();
      int tail = buffer.position() % BLOCK;
      if (tail > 0) {
        int padding = BLOCK - tail;
        for (int i = 0; i < padding; i++) {
          buffer.put((byte) 0);
        }
      }
      buffer.flip();
      writeFully();
      if (tail > 0) {
        channel.truncate(length);
      }
    } finally {
      buffer.clear();
      SPARE_BUFFERS.offer(buffer);
      buffer = null;
    }
  }

  private void writeWholeBlocks() throws IOException {
    int whole = buffer.position() - buffer.position() % BLOCK;
    if (whole == 0) {
      return;
    }
    int end = buffer.position();
    buffer.flip();
    buffer.limit(whole);
    writeFully();
    // the partial block left moves to the front of the buffer
    buffer.limit(end);
    buffer.compact();
  }

  private void writeFully() throws IOException {
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
