package dev.medallion.gold;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.lead;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.xxhash64;

import dev.medallion.spec.DimensionSpec;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * The pure SCD type 2 computation: a member's versions rebuilt from its stored versions plus the
 * changes that just arrived, ordered by effective time. Consecutive versions with the same
 * attributes collapse into the earliest, so an unchanged record changes nothing; each version ends
 * where the next begins, so intervals never overlap and the last one is current. A change older
 * than the current version lands in history in its place. The result does not depend on how the
 * changes were split into micro-batches, which is what makes a crash and replay converge.
 */
final class DimensionTimeline {
  private static final String SOURCE_RANK = "_source_rank";
  private static final String PREVIOUS_HASH = "_previous_hash";

  private final DimensionColumns columns;
  private final DimensionSpec spec;

  DimensionTimeline(DimensionSpec spec) {
    this.spec = spec;
    this.columns = new DimensionColumns(spec);
  }

  /** The hash of the tracked attributes (NULL-safe: a NULL differs from an empty string). */
  Column attributeHash() {
    List<Column> values = new ArrayList<>();
    for (String tracked : spec.tracked()) {
      values.add(coalesce(col(tracked).cast("string"), lit("\u0000")));
    }
    return sha2(concat_ws("\u001f", values.toArray(Column[]::new)), 256);
  }

  /** Incoming silver rows as versions: key, tracked attributes, start, hash. */
  Dataset<Row> incomingVersions(Dataset<Row> silverRows) {
    List<Column> select = new ArrayList<>();
    select.add(col(spec.key()));
    spec.tracked().forEach(t -> select.add(col(t)));
    select.add(col(spec.sequence()).cast("timestamp").as(DimensionColumns.START));
    select.add(attributeHash().as(columns.hash()));
    return silverRows.filter(col(spec.key()).isNotNull().and(col(spec.sequence()).isNotNull()))
        .select(select.toArray(Column[]::new));
  }

  /**
   * The full rebuilt history of every member in {@code incoming}: stored versions of those members
   * plus the incoming ones, as dimension rows (surrogate key, key, attributes, start, end, current,
   * hash).
   */
  Dataset<Row> rebuild(Dataset<Row> storedOfMembers, Dataset<Row> incoming) {
    List<Column> versionColumns = new ArrayList<>();
    versionColumns.add(col(spec.key()));
    spec.tracked().forEach(t -> versionColumns.add(col(t)));
    versionColumns.add(col(DimensionColumns.START));
    versionColumns.add(col(columns.hash()));
    Column[] projection = versionColumns.toArray(Column[]::new);
    Dataset<Row> all =
        storedOfMembers.select(projection).withColumn(SOURCE_RANK, lit(0))
            .unionByName(incoming.select(projection).withColumn(SOURCE_RANK, lit(1)));
    WindowSpec sameStart =
        Window.partitionBy(col(spec.key()), col(DimensionColumns.START))
            .orderBy(col(SOURCE_RANK), col(columns.hash()));
    WindowSpec byTime = Window.partitionBy(col(spec.key())).orderBy(col(DimensionColumns.START));
    Dataset<Row> distinctStarts =
        all.withColumn("_rank", row_number().over(sameStart)).filter(col("_rank").equalTo(1)).drop("_rank", SOURCE_RANK);
    Dataset<Row> changes =
        distinctStarts
            .withColumn(PREVIOUS_HASH, lag(col(columns.hash()), 1).over(byTime))
            .filter(col(PREVIOUS_HASH).isNull().or(col(PREVIOUS_HASH).notEqual(col(columns.hash()))))
            .drop(PREVIOUS_HASH);
    Dataset<Row> versions =
        changes
            .withColumn(DimensionColumns.END, lead(col(DimensionColumns.START), 1).over(byTime))
            .withColumn(DimensionColumns.CURRENT, col(DimensionColumns.END).isNull())
            .withColumn(
                columns.surrogateKey(), xxhash64(col(spec.key()), col(DimensionColumns.START)));
    return versions.select(tableColumns());
  }

  /**
   * SCD type 1: one row per member with its latest attributes (by effective time), under a
   * surrogate key made of the business key alone, so the row is updated in place.
   */
  Dataset<Row> latest(Dataset<Row> storedOfMembers, Dataset<Row> incoming) {
    return rebuild(storedOfMembers, incoming)
        .filter(col(DimensionColumns.CURRENT))
        .withColumn(columns.surrogateKey(), xxhash64(col(spec.key())))
        .select(tableColumns());
  }

  /** The dimension table's columns in order. */
  Column[] tableColumns() {
    List<Column> ordered = new ArrayList<>();
    ordered.add(col(columns.surrogateKey()));
    ordered.add(col(spec.key()));
    spec.tracked().forEach(t -> ordered.add(col(t)));
    ordered.add(col(DimensionColumns.START));
    ordered.add(col(DimensionColumns.END));
    ordered.add(col(DimensionColumns.CURRENT));
    ordered.add(col(columns.hash()));
    return ordered.toArray(Column[]::new);
  }
}
