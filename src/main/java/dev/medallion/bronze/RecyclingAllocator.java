package dev.medallion.bronze;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import org.apache.parquet.bytes.ByteBufferAllocator;

/**
 * Parquet's buffers, handed out again once released: a writer allocates and releases the same
 * sizes page after page (its column buffers and compressed pages), and fresh arrays cost their
 * zeroing and, on a young heap, the pages' first touch. One thread.
 */
final class RecyclingAllocator implements ByteBufferAllocator {
  private static final int KEPT_PER_SIZE = 16;

  private final Map<Integer, ArrayDeque<ByteBuffer>> free = new HashMap<>();

  @Override
  public ByteBuffer allocate(int size) {
    ArrayDeque<ByteBuffer> kept = free.get(size);
    ByteBuffer buffer = kept == null ? null : kept.poll();
    return buffer == null ? ByteBuffer.allocate(size) : buffer.clear();
  }

  @Override
  public void release(ByteBuffer buffer) {
    ArrayDeque<ByteBuffer> kept = free.computeIfAbsent(buffer.capacity(), size -> new ArrayDeque<>());
    if (kept.size() < KEPT_PER_SIZE) {
      kept.push(buffer);
    }
  }

  @Override
  public boolean isDirect() {
    return false;
  }
}
