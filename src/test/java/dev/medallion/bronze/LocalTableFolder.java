package dev.medallion.bronze;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Paths;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.internal.SQLConf;

/** A new table folder under {@code target/} for tests that write bronze files without a session. */
final class LocalTableFolder {
  private LocalTableFolder() {}

  /** A new, empty folder under {@code target/name}. */
  static Path create(String name) throws IOException {
    java.nio.file.Path parent = Files.createDirectories(Paths.get("target", name));
    return new Path(Files.createTempDirectory(parent, "table").toUri());
  }

  /** Settings that lay timestamps out as the pipeline's session does (8-byte microseconds). */
  static SQLConf sessionSql() {
    SQLConf sql = new SQLConf();
    sql.setConfString("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS");
    return sql;
  }
}
