package dev.medallion.silver;

import dev.medallion.spec.BronzeColumns;
import dev.medallion.spec.DedupSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Delta properties of the silver and quarantine tables, set when they are created. They change how
 * files are written, never what they hold: statistics are kept for the columns a reader can skip
 * files by (times, dates, numbers, bronze coordinates), not for free text; and Parquet's dictionary
 * encoding is off for columns whose values are all different (dedup keys, offsets, payloads),
 * where building the dictionary costs a quarter of the write and is then thrown away.
 */
final class SilverTableProperties {
  private static final String DICTIONARY = "parquet.enable.dictionary#";

  private SilverTableProperties() {}

  /** Properties of a silver table with {@code schema}, deduplicated on {@code dedup}'s keys. */
  static Map<String, String> silver(
      StructType schema, List<String> partitionBy, Optional<DedupSpec> dedup) {
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put(
        "delta.dataSkippingStatsColumns", String.join(",", skippable(schema, partitionBy)));
    dedup.ifPresent(spec -> spec.keys().forEach(key -> properties.put(DICTIONARY + key, "false")));
    properties.put(DICTIONARY + BronzeColumns.KAFKA_OFFSET, "false");
    return properties;
  }

  /** Properties of a quarantine table: the raw payload is kept, never indexed. */
  static Map<String, String> quarantine(StructType schema, List<String> partitionBy) {
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put(
        "delta.dataSkippingStatsColumns", String.join(",", skippable(schema, partitionBy)));
    properties.put(DICTIONARY + BronzeColumns.EVENT_DATA, "false");
    properties.put(DICTIONARY + BronzeColumns.KAFKA_OFFSET, "false");
    return properties;
  }

  /**
   * Top-level columns other than partition columns (skipped by their path already) and text,
   * binary and nested ones, in schema order.
   */
  private static List<String> skippable(StructType schema, List<String> partitionBy) {
    List<String> columns = new ArrayList<>();
    for (StructField field : schema.fields()) {
      var type = field.dataType();
      if (!(partitionBy.contains(field.name())
          || type instanceof StringType
          || type instanceof BinaryType
          || type instanceof MapType
          || type instanceof ArrayType
          || type instanceof StructType)) {
        columns.add(field.name());
      }
    }
    return columns;
  }
}
