package dev.medallion.ops;

import java.util.Map;
import org.apache.spark.sql.types.StructType;

/**
 * The key-value metadata Spark's Parquet writer puts in a file's footer: the rows' Spark schema,
 * which its reader prefers to the Parquet schema, and the version that wrote the file.
 */
public final class SparkFooter {
  private static final String SPARK_SCHEMA_KEY = "org.apache.spark.sql.parquet.row.metadata";
  private static final String SPARK_VERSION_KEY = "org.apache.spark.version";

  private SparkFooter() {}

  /** The footer of a file of {@code schema}'s columns. */
  public static Map<String, String> of(StructType schema) {
    return Map.of(
        SPARK_SCHEMA_KEY, schema.json(),
        SPARK_VERSION_KEY, org.apache.spark.package$.MODULE$.SPARK_VERSION_SHORT());
  }
}
