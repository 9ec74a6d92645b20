package dev.medallion.gold;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;

import dev.medallion.ops.BatchIdentity;
import dev.medallion.ops.BatchValues;
import dev.medallion.ops.DeltaWrites;
import dev.medallion.ops.IdempotentMerge;
import dev.medallion.spec.MeasureSpec;
import io.delta.tables.DeltaMergeBuilder;
import io.delta.tables.DeltaTable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * A gold table of additive measures per key (a fact's grain, a window and its group). Partial
 * aggregates merge into it: a key already present gets its measures combined (counts and sums
 * add, min and max widen), so late data accumulates instead of overwriting; derived columns are
 * recomputed from the combined measures. One MERGE per call, touching only the partitions of the
 * keys merged.
 */
final class MeasureTable {
  static final String AGGREGATION_TIMESTAMP = "aggregation_timestamp";
  private static final String ACTION = "_action";
  private static final String EXISTING = "_t_";

  private final String location;
  private final List<String> keys;
  private final List<MeasureSpec> measures;
  private final Map<String, String> derived;
  private final List<String> partitionBy;
  private final StoredMeasures stored;
  private final ResidentTable resident;

  MeasureTable(
      String location,
      List<String> keys,
      List<MeasureSpec> measures,
      Map<String, String> derived,
      List<String> partitionBy) {
    this(location, keys, measures, derived, partitionBy, ResidentTable.MAX_ROWS);
  }

  /** A table held in the driver up to {@code maxRows} rows, merged by Delta's MERGE past them. */
  MeasureTable(
      String location,
      List<String> keys,
      List<MeasureSpec> measures,
      Map<String, String> derived,
      List<String> partitionBy,
      int maxRows) {
    this.location = location;
    this.keys = List.copyOf(keys);
    this.measures = List.copyOf(measures);
    this.derived = new LinkedHashMap<>(derived);
    this.partitionBy = List.copyOf(partitionBy);
    this.stored = new StoredMeasures(measures);
    this.resident = new ResidentTable(location, keys, partitionBy, maxRows);
  }

  String location() {
    return location;
  }

  /** Reads the copy held in the driver (nothing when the table is too large to hold). */
  void prepare(SparkSession session) {
    resident.rows(session);
  }

  /** The table version whose rows the driver holds; -1 when it holds none. */
  long heldVersion() {
    return resident.heldVersion();
  }

  /**
   * The table's rows: from the copy held in the driver when the table is small enough, else read
   * from the table.
   */
  Dataset<Row> rows(SparkSession session) {
    Optional<List<Row>> resident = this.resident.rows(session);
    return resident.isPresent()
        ? session.createDataFrame(resident.get(), this.resident.schema())
        : session.read().format("delta").load(location);
  }

  /** Partial aggregates of {@code rows}: one row per key with each measure's stored columns. */
  Dataset<Row> aggregate(Dataset<Row> rows) {
    List<Column> aggregations = new ArrayList<>();
    measures.forEach(measure -> aggregations.addAll(MeasureColumns.aggregate(measure)));
    return rows.groupBy(keys.stream().map(k -> col(k)).toArray(Column[]::new))
        .agg(aggregations.get(0), aggregations.subList(1, aggregations.size()).toArray(Column[]::new));
  }

  /** Partial aggregates of already aggregated rows regrouped by key. */
  Dataset<Row> reaggregate(Dataset<Row> aggregated) {
    List<Column> aggregations = new ArrayList<>();
    measures.forEach(measure -> aggregations.addAll(MeasureColumns.reaggregate(measure)));
    return aggregated
        .groupBy(keys.stream().map(k -> col(k)).toArray(Column[]::new))
        .agg(aggregations.get(0), aggregations.subList(1, aggregations.size()).toArray(Column[]::new));
  }

  /** Creates the table if missing, its schema taken from partial aggregates of {@code shape}. */
  void createIfMissing(SparkSession spark, Dataset<Row> shape) {
    DeltaWrites.createIfMissing(
        spark, location, finalRows(aggregate(shape), Instant.EPOCH).schema(), partitionBy, Map.of());
  }

  /**
   * Merges partial aggregates into the table and deletes the rows of {@code deletedKeys}, in one
   * commit; tagged with {@code batch} when given, so a replay of that batch is skipped. The table
   * is merged in the driver ({@link ResidentTable}) unless it is too large to hold there.
   */
  void merge(
      SparkSession session,
      Dataset<Row> partials,
      Optional<Dataset<Row>> deletedKeys,
      Optional<BatchIdentity> batch,
      Instant aggregatedAt) {
    boolean merged =
        resident.write(session, batch, current -> combined(session, current, partials, deletedKeys, aggregatedAt));
    if (!merged) {
      mergeBySql(session, partials, deletedKeys, batch, aggregatedAt);
    }
  }

  /**
   * The rows the partial aggregates make when combined with the table's rows of their keys, and
   * the deleted keys; empty when there are more partial aggregates than the driver should hold.
   */
  private Optional<ResidentTable.Changes> combined(
      SparkSession session,
      ResidentTable.Current current,
      Dataset<Row> partials,
      Optional<Dataset<Row>> deletedKeys,
      Instant aggregatedAt) {
    List<Row> incoming = partials.limit(resident.maxRows() + 1).collectAsList();
    if (incoming.size() > resident.maxRows()) {
      return Optional.empty();
    }
    Set<List<Object>> gone = new HashSet<>();
    if (deletedKeys.isPresent()) {
      int[] deletedKey = resident.keyColumns(deletedKeys.get().schema());
      for (Row row : deletedKeys.get().collectAsList()) {
        gone.add(HeldRows.keyOf(row, deletedKey));
      }
    }
    StructType partialSchema = partials.schema();
    int[] partialKey = resident.keyColumns(partialSchema);
    int[] partialStored = HeldRows.indexes(partialSchema, stored.columns());
    int[] tableStored = HeldRows.indexes(current.schema(), stored.columns());
    List<Row> combined = new ArrayList<>(incoming.size());
    for (Row partial : incoming) {
      List<Object> key = HeldRows.keyOf(partial, partialKey);
      Row existing = gone.contains(key) ? null : current.row(key);
      if (existing == null) {
        combined.add(partial);
        continue;
      }
      Object[] values = new Object[partial.length()];
      for (int i = 0; i < values.length; i++) {
        values[i] = partial.get(i);
      }
      for (int i = 0; i < partialStored.length; i++) {
        values[partialStored[i]] = stored.combine(i, existing.get(tableStored[i]), partial.get(partialStored[i]));
      }
      combined.add(RowFactory.create(values));
    }
    Column[] tableColumns = Arrays.stream(current.schema().fieldNames()).map(c -> col(c)).toArray(Column[]::new);
    List<Row> upserts =
        combined.isEmpty()
            ? List.of()
            : finalRows(session.createDataFrame(combined, partialSchema), aggregatedAt)
                .select(tableColumns)
                .collectAsList();
    return Optional.of(new ResidentTable.Changes(upserts, gone));
  }

  /** The same merge by Delta's MERGE, for tables too large to hold in the driver. */
  private void mergeBySql(
      SparkSession session,
      Dataset<Row> partials,
      Optional<Dataset<Row>> deletedKeys,
      Optional<BatchIdentity> batch,
      Instant aggregatedAt) {
    DeltaTable target = DeltaTable.forPath(session, location);
    List<Row> partitions = partitionValues(partials, deletedKeys);
    Dataset<Row> existing = target.toDF().filter(partitionFilter(null, partitions));
    List<Column> renamed = new ArrayList<>();
    for (String column : existing.columns()) {
      renamed.add(col(column).as(EXISTING + column));
    }
    existing = existing.select(renamed.toArray(Column[]::new));
    Column sameKey = lit(true);
    for (String key : keys) {
      sameKey = sameKey.and(partials.col(key).eqNullSafe(existing.col(EXISTING + key)));
    }
    Dataset<Row> joined = partials.join(existing, sameKey, "left");
    List<Column> combined = new ArrayList<>();
    keys.forEach(key -> combined.add(partials.col(key).as(key)));
    for (MeasureSpec measure : measures) {
      for (String stored : MeasureColumns.storedColumns(measure)) {
        combined.add(
            MeasureColumns.combine(measure, col(EXISTING + stored), partials.col(stored)).as(stored));
      }
    }
    Dataset<Row> upserts =
        finalRows(joined.select(combined.toArray(Column[]::new)), aggregatedAt)
            .withColumn(ACTION, lit("upsert"));
    Dataset<Row> source =
        deletedKeys
            .map(d -> upserts.unionByName(d.withColumn(ACTION, lit("delete")), true))
            .orElse(upserts);
    Column on = lit(true);
    for (String key : keys) {
      on = on.and(col("t." + key).eqNullSafe(col("s." + key)));
    }
    on = on.and(partitionFilter("t", partitions));
    Map<String, Column> assignments = new LinkedHashMap<>();
    for (String column : target.toDF().columns()) {
      assignments.put(column, col("s." + column));
    }
    DeltaMergeBuilder merge =
        target
            .as("t")
            .merge(source.as("s"), on)
            .whenMatched(col("s." + ACTION).equalTo("delete"))
            .delete()
            .whenMatched()
            .update(assignments)
            .whenNotMatched(col("s." + ACTION).equalTo("upsert"))
            .insert(assignments);
    if (batch.isPresent()) {
      IdempotentMerge.execute(session, batch.get(), merge);
    } else {
      merge.execute();
    }
  }

  /** Visible columns: keys, stored measures, averages, derived columns, aggregation time. */
  private Dataset<Row> finalRows(Dataset<Row> combined, Instant aggregatedAt) {
    Dataset<Row> rows = combined;
    for (MeasureSpec measure : measures) {
      if (measure.aggregation() == MeasureSpec.Aggregation.AVG) {
        rows = rows.withColumn(measure.name(), MeasureColumns.average(measure));
      }
    }
    for (Map.Entry<String, String> column : derived.entrySet()) {
      rows = rows.withColumn(column.getKey(), expr(column.getValue()));
    }
    return rows.withColumn(AGGREGATION_TIMESTAMP, BatchValues.timestamp(aggregatedAt));
  }

  /** The distinct partition values the merged and deleted keys carry. */
  private List<Row> partitionValues(Dataset<Row> partials, Optional<Dataset<Row>> deletedKeys) {
    if (partitionBy.isEmpty()) {
      return List.of();
    }
    Column[] columns = partitionBy.stream().map(p -> col(p)).toArray(Column[]::new);
    Dataset<Row> values = partials.select(columns);
    if (deletedKeys.isPresent()) {
      values = values.union(deletedKeys.get().select(columns));
    }
    return values.distinct().collectAsList();
  }

  /**
   * {@code p IN (values...)} for each partition column, so the MERGE reads and rewrites only the
   * partitions of the keys merged; {@code true} for an unpartitioned table.
   */
  private Column partitionFilter(String alias, List<Row> partitions) {
    Column filter = lit(true);
    for (int i = 0; i < partitionBy.size(); i++) {
      int index = i;
      Object[] literal =
          partitions.stream().map(r -> r.get(index)).filter(v -> v != null).distinct().toArray();
      Column partition = col(alias == null ? partitionBy.get(i) : alias + "." + partitionBy.get(i));
      boolean hasNull = partitions.stream().anyMatch(r -> r.isNullAt(index));
      Column in = literal.length == 0 ? lit(false) : partition.isin(literal);
      filter = filter.and(hasNull ? in.or(partition.isNull()) : in);
    }
    return filter;
  }
}
