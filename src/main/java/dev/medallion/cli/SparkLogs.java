package dev.medallion.cli;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.config.Configurator;

/** Turns Spark's and Kafka's logging off once the user asked to stop: interrupted jobs are expected then. */
final class SparkLogs {
  private SparkLogs() {}

  static void silence() {
    if (System.getenv("MEDALLION_DEBUG") == null) {
      Configurator.setAllLevels(LogManager.ROOT_LOGGER_NAME, Level.OFF);
    }
  }
}
