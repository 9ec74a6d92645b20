package dev.medallion.bronze;

import dev.medallion.ops.DriverFileWriter;
import dev.medallion.spec.BronzeTableSpec;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.actions.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.Option;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Whether a bronze table can take the ingester's files as they are written: the bronze columns
 * with their types, partitioned by ingestion date, and no setting that changes what a file must
 * hold (column mapping, CHECK constraints, generated columns). Columns a user added to the table
 * are fine: the ingester's files leave them null.
 */
final class BronzeTableCheck {
  private BronzeTableCheck() {}

  /**
   * Checks the table at {@code location} and returns the columns it keeps statistics on.
   *
   * @throws dev.medallion.spec.MedallionException when the ingester cannot write the table
   */
  static Set<String> check(SparkSession spark, String location, String table) {
    Metadata metadata = DeltaLog.forTable(spark, location).update(false, Option.empty(), Option.empty()).metadata();
    Map<String, String> configuration = CollectionConverters.asJava(metadata.configuration());
    if (!configuration.getOrDefault("delta.columnMapping.mode", "none").equals("none")) {
      throw BronzeErrors.unsupportedTable(table, "column mapping (delta.columnMapping.mode)");
    }
    configuration.keySet().stream()
        .filter(key -> key.startsWith("delta.constraints."))
        .findFirst()
        .ifPresent(key -> {
          throw BronzeErrors.unsupportedTable(table, "CHECK constraints (" + key + ")");
        });
    StructType schema = metadata.schema();
    for (StructField field : BronzeSchema.SCHEMA.fields()) {
      StructField found = schema.getFieldIndex(field.name()).isDefined() ? schema.apply(field.name()) : null;
      if (found == null || !found.dataType().equals(field.dataType())) {
        throw BronzeErrors.unsupportedTable(
            table,
            "a table whose column " + field.name() + " is " + (found == null ? "missing" : found.dataType().simpleString())
                + " (it must be " + field.dataType().simpleString() + ")");
      }
    }
    for (StructField field : schema.fields()) {
      if (field.metadata().contains("delta.generationExpression")) {
        throw BronzeErrors.unsupportedTable(table, "generated columns (" + field.name() + ")");
      }
    }
    if (!CollectionConverters.asJava(metadata.partitionColumns()).equals(BronzeTableSpec.PARTITION_COLUMNS)) {
      throw BronzeErrors.unsupportedTable(
          table, "partitioning other than by " + BronzeTableSpec.PARTITION_COLUMNS + " (found " + metadata.partitionColumns() + ")");
    }
    StructField[] dataFields =
        java.util.Arrays.stream(schema.fields())
            .filter(field -> !BronzeTableSpec.PARTITION_COLUMNS.contains(field.name()))
            .toArray(StructField[]::new);
    return DriverFileWriter.statisticsColumns(metadata, dataFields);
  }
}
