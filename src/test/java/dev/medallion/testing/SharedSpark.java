package dev.medallion.testing;

import dev.medallion.ops.MedallionHome;
import dev.medallion.ops.SparkSessions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;

/** One Spark session per test JVM, configured exactly as the product's. */
public final class SharedSpark {
  private static SparkSession session;

  private SharedSpark() {}

  public static synchronized SparkSession session() {
    if (session == null) {
      try {
        Path home = Files.createTempDirectory("medallion-spark-");
        session = SparkSessions.local(new MedallionHome(home), "local[2]");
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
    return session;
  }
}
