package dev.medallion.gold;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;

import dev.medallion.ops.BatchIdentity;
import dev.medallion.ops.BatchMetrics;
import dev.medallion.ops.CrashPoints;
import dev.medallion.ops.DeltaWrites;
import dev.medallion.ops.IdempotentMerge;
import dev.medallion.ops.PipelineMetrics;
import dev.medallion.ops.TableLocations;
import dev.medallion.spec.DimensionSpec;
import io.delta.tables.DeltaTable;
import java.time.Clock;
import java.time.Instant;
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
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * A silver table of member changes to a gold dimension, one commit per micro-batch: for SCD type 2
 * each affected member's history is rebuilt and written back in one commit (new versions inserted,
 * changed intervals updated, superseded versions deleted); for type 1 the latest attributes
 * overwrite the member's single row. The dimension and the batch's changes are held in the driver
 * ({@link ResidentTable}, {@link TimelineRows}) unless too large, then rebuilt by Spark
 * ({@link DimensionTimeline}) and merged by Delta's MERGE. Facts that look this dimension up
 * follow it in their own writes ({@link FactReattribution}); this writer touches only the
 * dimension.
 */
public final class DimensionWriter implements GoldWriter {
  private static final String ACTION = "_action";

  private final SparkSession spark;
  private final DimensionSpec dimension;
  private final TableLocations locations;
  private final PipelineMetrics metrics;
  private final Clock clock;
  private final DimensionTimeline timeline;
  private final DimensionColumns columns;
  private final ResidentTable resident;

  DimensionWriter(
      SparkSession spark,
      DimensionSpec dimension,
      TableLocations locations,
      PipelineMetrics metrics,
      Clock clock) {
    this(spark, dimension, locations, metrics, clock, ResidentTable.MAX_ROWS);
  }

  /** A writer holding the dimension, and a batch's changes, in the driver up to {@code maxResidentRows}. */
  DimensionWriter(
      SparkSession spark,
      DimensionSpec dimension,
      TableLocations locations,
      PipelineMetrics metrics,
      Clock clock,
      int maxResidentRows) {
    this.spark = spark;
    this.dimension = dimension;
    this.locations = locations;
    this.metrics = metrics;
    this.clock = clock;
    this.timeline = new DimensionTimeline(dimension);
    this.columns = new DimensionColumns(dimension);
    this.resident =
        new ResidentTable(
            locations.table(dimension.qualifiedName()), List.of(columns.surrogateKey()), List.of(), maxResidentRows);
  }

  @Override
  public String table() {
    return dimension.qualifiedName();
  }

  @Override
  public String from() {
    return dimension.from();
  }

  @Override
  public void createTables() {
    String silver = locations.table(dimension.from());
    Dataset<Row> shape = spark.read().format("delta").load(silver).limit(0);
    Dataset<Row> versions = timeline.incomingVersions(shape);
    DeltaWrites.createIfMissing(
        spark, location(), timeline.rebuild(versions, versions).schema(), List.of(), Map.of());
  }

  private String location() {
    return locations.table(table());
  }

  /** Reads the copy of the dimension held in the driver. */
  @Override
  public void prepare() {
    resident.rows(spark);
  }

  @Override
  public void write(Dataset<Row> batch, BatchIdentity identity) {
    long batchId = identity.version();
    SparkSession session = batch.sparkSession();
    Instant startedAt = clock.instant();
    Dataset<Row> incoming = timeline.incomingVersions(batch);
    // a batch of changes is small (a customers batch: a few thousand), so its versions are
    // rebuilt in the driver; beyond the bound it stays a Delta MERGE
    List<Row> changes = incoming.limit(resident.maxRows() + 1).collectAsList();
    long rowsIn = changes.size();
    if (rowsIn == 0) {
      return;
    }
    boolean written =
        rowsIn <= resident.maxRows()
            && resident.write(session, Optional.of(identity), current -> Optional.of(rebuilt(current, changes)));
    if (!written) {
      rowsIn = mergeBySql(session, identity, incoming);
    }
    CrashPoints.reach(table(), "after-merge", batchId);
    metrics.record(
        session,
        identity,
        new BatchMetrics(
            "gold", table(), batchId, rowsIn, rowsIn, 0, 0, 0, startedAt, clock.instant(),
            Optional.empty(), Optional.empty()));
  }

  /**
   * The affected members' rebuilt histories from their rows held in the driver: rows to write
   * (an unchanged version is left alone) and superseded versions to delete.
   */
  private ResidentTable.Changes rebuilt(ResidentTable.Current current, List<Row> changes) {
    Set<Object> members = new HashSet<>();
    changes.forEach(change -> members.add(change.get(0)));
    int key = current.schema().fieldIndex(dimension.key());
    List<Row> storedRows = current.rows().stream().filter(row -> members.contains(row.get(key))).toList();
    List<Row> rebuilt = new TimelineRows(dimension, current.schema()).rebuild(storedRows, changes);
    int surrogate = current.schema().fieldIndex(columns.surrogateKey());
    Set<Object> kept = new HashSet<>();
    rebuilt.forEach(row -> kept.add(row.get(surrogate)));
    Set<List<Object>> superseded = new HashSet<>();
    for (Row row : storedRows) {
      if (!kept.contains(row.get(surrogate))) {
        superseded.add(Arrays.asList(row.get(surrogate)));
      }
    }
    return new ResidentTable.Changes(rebuilt, superseded);
  }

  /**
   * The same write by Delta's MERGE, for a dimension or a batch too large to hold in the driver.
   *
   * @return how many incoming versions the batch had
   */
  private long mergeBySql(SparkSession session, BatchIdentity identity, Dataset<Row> batchVersions) {
    Dataset<Row> incoming = batchVersions.persist(StorageLevel.MEMORY_AND_DISK());
    try {
      long rows = incoming.count();
      merge(session, identity, incoming);
      return rows;
    } finally {
      incoming.unpersist();
    }
  }

  private void merge(SparkSession session, BatchIdentity identity, Dataset<Row> incoming) {
    DeltaTable target = DeltaTable.forPath(session, location());
    Dataset<Row> members = incoming.select(col(dimension.key())).distinct();
    Dataset<Row> stored = target.toDF().join(members, dimension.key()).select(timeline.tableColumns());
    Dataset<Row> rebuilt = rebuiltRows(stored, incoming);
    Dataset<Row> superseded =
        stored
            .join(rebuilt.select(columns.surrogateKey()), columns.surrogateKey(), "left_anti")
            .withColumn(ACTION, lit("delete"));
    Dataset<Row> source = rebuilt.withColumn(ACTION, lit("upsert")).unionByName(superseded);
    Map<String, Column> assignments = new LinkedHashMap<>();
    for (String column : target.toDF().columns()) {
      assignments.put(column, col("s." + column));
    }
    // a type 1 member keeps its surrogate key when an earlier change with its attributes moves
    // its start back, so the start is compared too
    Column unchanged =
        col("t." + DimensionColumns.START).equalTo(col("s." + DimensionColumns.START))
            .and(col("t." + DimensionColumns.END).eqNullSafe(col("s." + DimensionColumns.END)))
            .and(col("t." + DimensionColumns.CURRENT).equalTo(col("s." + DimensionColumns.CURRENT)))
            .and(col("t." + columns.hash()).equalTo(col("s." + columns.hash())));
    IdempotentMerge.execute(
        session,
        identity,
        target
            .as("t")
            .merge(source.as("s"), col("t." + columns.surrogateKey()).equalTo(col("s." + columns.surrogateKey())))
            .whenMatched(col("s." + ACTION).equalTo("delete"))
            .delete()
            .whenMatched(not(unchanged))
            .update(assignments)
            .whenNotMatched(col("s." + ACTION).equalTo("upsert"))
            .insert(assignments));
  }

  private Dataset<Row> rebuiltRows(Dataset<Row> stored, Dataset<Row> incoming) {
    return dimension.type() == DimensionSpec.ScdType.TYPE2
        ? timeline.rebuild(stored, incoming)
        : timeline.latest(stored, incoming);
  }
}
