package dev.medallion.quality;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import dev.medallion.ops.PipelineMetrics;
import dev.medallion.ops.TableLocations;
import dev.medallion.silver.SilverWriter;
import dev.medallion.spec.SilverTableSpec;
import io.delta.tables.DeltaTable;
import java.sql.Timestamp;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * Reads the tables and metrics of a silver table and computes its {@link Accounting}. A batch
 * stopped between its writes has committed rows but no metrics row yet; they are reported apart,
 * not as a violation. They are the rows whose processing (or quarantine) time, their batch's
 * start, is later than the start of the newest batch that recorded its metrics: batches of a table
 * run one after the other, and a replay starts after the attempt it finishes (whose rows it keeps).
 */
public final class AccountingCheck {
  private final SparkSession spark;
  private final TableLocations locations;

  public AccountingCheck(SparkSession spark, TableLocations locations) {
    this.spark = spark;
    this.locations = locations;
  }

  /** The accounting of {@code table}; tables not written yet count as empty. */
  public Accounting of(SilverTableSpec table) {
    Optional<Dataset<Row>> batches = batchesOf(table.qualifiedName());
    Row totals =
        batches
            .map(rows -> rows.agg(sum("rows_in"), sum("duplicates"), max("started_at")).first())
            .orElse(RowFactory.create(null, null, null));
    Timestamp newestFinished = totals.isNullAt(2) ? null : totals.getTimestamp(2);
    long[] silver = rowsByBatch(table.qualifiedName(), SilverWriter.PROCESSING_TIMESTAMP, newestFinished);
    long[] quarantined = rowsByBatch(table.quarantineName(), QuarantineRows.QUARANTINED_AT, newestFinished);
    return new Accounting(
        table.qualifiedName(),
        table.from(),
        rows(table.from()),
        silver[0],
        quarantined[0],
        totals.isNullAt(1) ? 0 : totals.getLong(1),
        totals.isNullAt(0) ? 0 : totals.getLong(0),
        silver[1] + quarantined[1]);
  }

  /** The table's finished batches: its metrics rows. */
  private Optional<Dataset<Row>> batchesOf(String table) {
    String location = locations.table(PipelineMetrics.TABLE);
    if (!DeltaTable.isDeltaTable(spark, location)) {
      return Optional.empty();
    }
    return Optional.of(
        spark.read().format("delta").load(location).filter(col("table_name").equalTo(table)));
  }

  /** Rows of {@code table} written by finished batches, and by a batch stopped midway. */
  private long[] rowsByBatch(String table, String batchStart, Timestamp newestFinished) {
    String location = locations.table(table);
    if (!DeltaTable.isDeltaTable(spark, location)) {
      return new long[] {0, 0};
    }
    Dataset<Row> rows = spark.read().format("delta").load(location);
    if (newestFinished == null) {
      return new long[] {0, rows.count()};
    }
    Row counts =
        rows.agg(count(when(col(batchStart).leq(lit(newestFinished)), lit(1))), count(lit(1))).first();
    return new long[] {counts.getLong(0), counts.getLong(1) - counts.getLong(0)};
  }

  private long rows(String table) {
    String location = locations.table(table);
    return DeltaTable.isDeltaTable(spark, location)
        ? spark.read().format("delta").load(location).count()
        : 0;
  }
}
