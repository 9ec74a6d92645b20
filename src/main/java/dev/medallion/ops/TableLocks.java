package dev.medallion.ops;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One lock per table for the streams of one process that commit to the same table (every flow
 * appends its batch metrics to one table), so their commits never conflict.
 */
public final class TableLocks {
  private static final Map<String, ReentrantLock> LOCKS = new ConcurrentHashMap<>();

  private TableLocks() {}

  /** The lock of the table at {@code location}. */
  public static ReentrantLock of(String location) {
    return LOCKS.computeIfAbsent(location, l -> new ReentrantLock());
  }
}
