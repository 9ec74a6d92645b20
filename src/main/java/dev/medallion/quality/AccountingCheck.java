package dev.medallion.quality;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.sum;

import dev.medallion.ops.PipelineMetrics;
import dev.medallion.ops.TableLocations;
import dev.medallion.spec.SilverTableSpec;
import io.delta.tables.DeltaTable;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Reads the tables and metrics of a silver table and computes its {@link Accounting}. */
public final class AccountingCheck {
  private final SparkSession spark;
  private final TableLocations locations;

  public AccountingCheck(SparkSession spark, TableLocations locations) {
    this.spark = spark;
    this.locations = locations;
  }

  /** The accounting of {@code table}; tables not written yet count as empty. */
  public Accounting of(SilverTableSpec table) {
    Row totals = metricsOf(table.qualifiedName());
    return new Accounting(
        table.qualifiedName(),
        table.from(),
        rows(table.from()),
        rows(table.qualifiedName()),
        rows(table.quarantineName()),
        totals.isNullAt(1) ? 0 : totals.getLong(1),
        totals.isNullAt(0) ? 0 : totals.getLong(0));
  }

  private Row metricsOf(String table) {
    String location = locations.table(PipelineMetrics.TABLE);
    if (!DeltaTable.isDeltaTable(spark, location)) {
      return org.apache.spark.sql.RowFactory.create(null, null);
    }
    return spark
        .read()
        .format("delta")
        .load(location)
        .filter(col("table_name").equalTo(table))
        .agg(sum("rows_in"), sum("duplicates"))
        .first();
  }

  private long rows(String table) {
    String location = locations.table(table);
    return DeltaTable.isDeltaTable(spark, location)
        ? spark.read().format("delta").load(location).count()
        : 0;
  }
}
