package dev.medallion.ops;

import io.delta.tables.DeltaTable;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/** Creates Medallion's Delta tables and appends to them exactly once per micro-batch. */
public final class DeltaWrites {
  /** Properties every Medallion table gets: change data feed on, as the seed asks. */
  public static final Map<String, String> DEFAULT_PROPERTIES =
      Map.of("delta.enableChangeDataFeed", "true");

  private DeltaWrites() {}

  /** Creates the table at {@code location} unless a Delta table is already there. */
  public static void createIfMissing(
      SparkSession spark,
      String location,
      StructType schema,
      List<String> partitionBy,
      Map<String, String> properties) {
    if (DeltaTable.isDeltaTable(spark, location)) {
      return;
    }
    var builder =
        DeltaTable.createIfNotExists(spark)
            .location(location)
            .addColumns(schema)
            .partitionedBy(partitionBy.toArray(String[]::new));
    for (var property : DEFAULT_PROPERTIES.entrySet()) {
      builder = builder.property(property.getKey(), property.getValue());
    }
    for (var property : properties.entrySet()) {
      builder = builder.property(property.getKey(), property.getValue());
    }
    builder.execute();
  }

  /**
   * Appends {@code rows} as one commit tagged with {@code batch}; a batch the table already
   * committed is skipped by Delta, so a replay after a crash writes nothing twice. New columns are
   * merged into the schema (schema evolution).
   */
  public static void appendOnce(
      Dataset<Row> rows, String location, BatchIdentity batch, List<String> partitionBy) {
    rows.write()
        .format("delta")
        .mode(SaveMode.Append)
        .option("txnAppId", batch.appId())
        .option("txnVersion", batch.version())
        .option("mergeSchema", "true")
        .partitionBy(partitionBy.toArray(String[]::new))
        .save(location);
  }
}
