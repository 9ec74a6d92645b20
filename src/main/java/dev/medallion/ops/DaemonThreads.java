package dev.medallion.ops;

import java.util.concurrent.ThreadFactory;

/** Medallion's background threads: named, and never keeping the JVM alive on their own. */
public final class DaemonThreads {
  private DaemonThreads() {}

  /** A daemon thread named {@code name} that runs {@code task}, not started yet. */
  public static Thread of(Runnable task, String name) {
    Thread thread = new Thread(task, name);
    thread.setDaemon(true);
    return thread;
  }

  /** A factory of daemon threads that all carry {@code name}. */
  public static ThreadFactory named(String name) {
    return task -> of(task, name);
  }
}
