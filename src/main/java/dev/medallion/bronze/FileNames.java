package dev.medallion.bronze;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Names of bronze data files that sort in the order they were created, across threads and
 * restarts: {@code part-<creation millis>-<sequence>-<uuid>.c000.snappy.parquet}. Delta's
 * streaming source reads a table's first snapshot ordered by modification time, then name; files
 * closed within one millisecond (or one second, on object stores) are then taken in the order
 * their records were read.
 */
final class FileNames {
  private static final AtomicLong LAST_MILLIS = new AtomicLong();
  private static final AtomicLong SEQUENCE = new AtomicLong();

  private FileNames() {}

  /** A new file name, after every name given before in this JVM; {@code codec} as in {@code snappy}. */
  static String next(String codec) {
    long now = System.currentTimeMillis();
    // never behind a name given before, should the wall clock step back
    long millis = LAST_MILLIS.accumulateAndGet(now, Math::max);
    return String.format(
        "part-%013d-%09d-%s.c000.%s.parquet",
        millis, SEQUENCE.incrementAndGet() % 1_000_000_000L, UUID.randomUUID(), codec);
  }
}
