package dev.medallion.ops;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Runs independent table writes of one micro-batch at the same time, so one table's driver work
 * (planning, commit) overlaps another's Spark jobs. Each write runs on a thread started for it by
 * the caller's thread, so it carries the caller's Spark job group and description (a stopped query
 * cancels its jobs too). All writes finish, failed or not, before {@link #runAll} returns or
 * throws: a batch is never replayed while one of its writes still runs.
 */
public final class ConcurrentWrites {
  private ConcurrentWrites() {}

  /** The results of {@code writes}, in order; throws the first failure once all are done. */
  public static <T> List<T> runAll(String name, List<Callable<T>> writes) {
    if (writes.size() == 1) {
      return List.of(call(writes.get(0)));
    }
    List<CompletableFuture<T>> results = new ArrayList<>();
    for (int i = 0; i < writes.size(); i++) {
      Callable<T> write = writes.get(i);
      CompletableFuture<T> result = new CompletableFuture<>();
      Thread thread =
          new Thread(
              () -> {
                try {
                  result.complete(write.call());
                } catch (Throwable failure) {
                  result.completeExceptionally(failure);
                }
              },
              name + "-" + i);
      thread.setDaemon(true);
      thread.start();
      results.add(result);
    }
    List<T> values = new ArrayList<>();
    Throwable first = null;
    for (CompletableFuture<T> result : results) {
      try {
        values.add(result.join()); // not interruptible: a stopping query waits for its writes
      } catch (CompletionException failed) {
        first = first == null ? failed.getCause() : first;
      }
    }
    if (first instanceof RuntimeException runtime) {
      throw runtime;
    }
    if (first instanceof Error error) {
      throw error;
    }
    if (first != null) {
      throw new IllegalStateException(name + " failed: " + first.getMessage(), first);
    }
    return values;
  }

  /** Runs {@code tasks} as {@link #runAll} runs writes, for tasks that give no result. */
  public static void runEach(String name, List<Runnable> tasks) {
    List<Callable<Void>> writes = new ArrayList<>();
    for (Runnable task : tasks) {
      writes.add(
          () -> {
            task.run();
            return null;
          });
    }
    runAll(name, writes);
  }

  private static <T> T call(Callable<T> write) {
    try {
      return write.call();
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }
}
