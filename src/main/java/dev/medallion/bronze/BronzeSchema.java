package dev.medallion.bronze;

import static dev.medallion.spec.BronzeColumns.EVENT_DATA;
import static dev.medallion.spec.BronzeColumns.INGESTION_DATE;
import static dev.medallion.spec.BronzeColumns.INGESTION_TIMESTAMP;
import static dev.medallion.spec.BronzeColumns.KAFKA_KEY;
import static dev.medallion.spec.BronzeColumns.KAFKA_OFFSET;
import static dev.medallion.spec.BronzeColumns.KAFKA_PARTITION;
import static dev.medallion.spec.BronzeColumns.KAFKA_TIMESTAMP;
import static dev.medallion.spec.BronzeColumns.KAFKA_TOPIC;
import static dev.medallion.spec.BronzeColumns.SOURCE_SYSTEM;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** The columns of a bronze table and its Delta properties. */
public final class BronzeSchema {
  public static final StructType SCHEMA =
      new StructType()
          .add(EVENT_DATA, DataTypes.StringType, true)
          .add(KAFKA_KEY, DataTypes.StringType, true)
          .add(KAFKA_TOPIC, DataTypes.StringType, false)
          .add(KAFKA_PARTITION, DataTypes.IntegerType, false)
          .add(KAFKA_OFFSET, DataTypes.LongType, false)
          .add(KAFKA_TIMESTAMP, DataTypes.TimestampType, true)
          .add(SOURCE_SYSTEM, DataTypes.StringType, false)
          .add(INGESTION_TIMESTAMP, DataTypes.TimestampType, false)
          .add(INGESTION_DATE, DataTypes.DateType, false);

  /** The columns a bronze data file holds: all but the partition column, in the table's order. */
  public static final StructType DATA_SCHEMA =
      new StructType(
          java.util.Arrays.stream(SCHEMA.fields())
              .filter(field -> !field.name().equals(INGESTION_DATE))
              .toArray(org.apache.spark.sql.types.StructField[]::new));

  /**
   * Columns whose min/max statistics Delta keeps per file: the coordinates and times a reader
   * filters on. The payload and key are left out; their statistics cost a tenth of the write and
   * skip nothing.
   */
  public static final String STATISTICS_COLUMNS =
      String.join(",", KAFKA_PARTITION, KAFKA_OFFSET, KAFKA_TIMESTAMP, INGESTION_TIMESTAMP);

  private BronzeSchema() {}

  /** The bronze table's Delta properties: ours, then the spec's (which win). */
  public static Map<String, String> tableProperties(Map<String, String> fromSpec) {
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("delta.dataSkippingStatsColumns", STATISTICS_COLUMNS);
    // every payload and offset differs: a dictionary would be built and thrown away per file
    properties.put("parquet.enable.dictionary#" + EVENT_DATA, "false");
    properties.put("parquet.enable.dictionary#" + KAFKA_OFFSET, "false");
    properties.putAll(fromSpec);
    return properties;
  }
}
