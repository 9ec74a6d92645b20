package dev.medallion.ops;

/**
 * Named moments inside a micro-batch where a test can make the process die at once, as a power
 * cut would: {@code -Dmedallion.crash-at=TABLE:POINT:BATCH} halts the JVM (no shutdown hooks, no
 * cleanup) when that stream reaches that point in that batch. Unset, it costs one property read.
 */
public final class CrashPoints {
  /** The system property naming the crash point. */
  public static final String PROPERTY = "medallion.crash-at";

  /** The exit status of a process halted at a crash point. */
  public static final int HALT_STATUS = 86;

  private static final String TARGET = System.getProperty(PROPERTY);

  private CrashPoints() {}

  /** Halts the JVM when {@code table:point:batchId} is the configured crash point. */
  public static void reach(String table, String point, long batchId) {
    if (TARGET != null && TARGET.equals(table + ":" + point + ":" + batchId)) {
      System.err.println("crash point reached: " + TARGET);
      System.err.flush();
      Runtime.getRuntime().halt(HALT_STATUS);
    }
  }
}
