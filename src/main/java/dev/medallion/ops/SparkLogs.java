package dev.medallion.ops;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.config.Configurator;

/**
 * Turns Spark's and Kafka's logging off while a pipeline is being stopped on purpose: its
 * interrupted jobs are expected then, not news. {@code MEDALLION_DEBUG} keeps them.
 */
public final class SparkLogs {
  private SparkLogs() {}

  /** Silences every logger for the rest of the process (the user asked to stop). */
  public static void silence() {
    if (!debugging()) {
      Configurator.setAllLevels(LogManager.ROOT_LOGGER_NAME, Level.OFF);
    }
  }

  /** Silences the loggers that follow the root's level until the returned handle is closed. */
  public static Quiet quiet() {
    Level level = LogManager.getRootLogger().getLevel();
    if (!debugging()) {
      Configurator.setRootLevel(Level.OFF);
    }
    return () -> Configurator.setRootLevel(level);
  }

  /** Restores the logging {@link #quiet} turned off. */
  @FunctionalInterface
  public interface Quiet extends AutoCloseable {
    @Override
    void close();
  }

  private static boolean debugging() {
    return System.getenv("MEDALLION_DEBUG") != null;
  }
}
