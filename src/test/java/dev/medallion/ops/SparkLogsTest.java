package dev.medallion.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.junit.jupiter.api.Test;

class SparkLogsTest {
  @Test
  void quietTurnsTheRootLoggerOffUntilClosed() {
    assumeTrue(System.getenv("MEDALLION_DEBUG") == null, "MEDALLION_DEBUG keeps the logs on");
    Level before = LogManager.getRootLogger().getLevel();
    try (SparkLogs.Quiet quiet = SparkLogs.quiet()) {
      assertThat(LogManager.getRootLogger().getLevel()).isEqualTo(Level.OFF);
      assertThat(LogManager.getLogger("org.apache.spark.util.Utils").isErrorEnabled()).isFalse();
    }
    assertThat(LogManager.getRootLogger().getLevel()).isEqualTo(before);
  }
}
