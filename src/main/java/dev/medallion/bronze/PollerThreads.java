package dev.medallion.bronze;

import dev.medallion.ops.DaemonThreads;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The threads ingestion runs poll Kafka on: one kept per table from one run to the next, while
 * idle for at most {@link #KEPT_IDLE_SECONDS}. A consumer reads the socket on the thread that
 * polls it, through the JDK's per-thread temporary direct buffers, as large as a fetch response
 * (tens of MB). A new thread allocates and zeroes them again: ~0.2 s of a run's start on a machine
 * where memory touched for the first time is slow, while the writers wait for their first records.
 * A run of a table whose kept thread is busy (two pipelines in one JVM) polls on a new thread.
 */
final class PollerThreads {
  private static final long KEPT_IDLE_SECONDS = 300;
  private static final Map<String, Kept> KEPT = new ConcurrentHashMap<>();

  private PollerThreads() {}

  /** Runs {@code poller} for {@code table} on its kept thread when that is idle, else on a new one. */
  static Future<?> start(String table, Runnable poller) {
    Kept kept = KEPT.computeIfAbsent(table, Kept::new);
    if (kept.busy.compareAndSet(false, true)) {
      return kept.thread.submit(
          () -> {
            try {
              poller.run();
            } finally {
              kept.busy.set(false);
            }
          });
    }
    FutureTask<Void> task = new FutureTask<>(poller, null);
    pollingThread(task, table).start();
    return task;
  }

  private static Thread pollingThread(Runnable task, String table) {
    return DaemonThreads.of(task, "medallion-poll-" + table);
  }

  /** A table's kept thread and whether a run is using it. */
  private static final class Kept {
    final AtomicBoolean busy = new AtomicBoolean();
    final ExecutorService thread;

    Kept(String table) {
      ThreadPoolExecutor executor =
          new ThreadPoolExecutor(
              1,
              1,
              KEPT_IDLE_SECONDS,
              TimeUnit.SECONDS,
              new LinkedBlockingQueue<>(),
              task -> pollingThread(task, table));
      executor.allowCoreThreadTimeOut(true);
      this.thread = executor;
    }
  }
}
