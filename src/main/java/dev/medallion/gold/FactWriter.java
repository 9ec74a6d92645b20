package dev.medallion.gold;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;

import dev.medallion.ops.BatchIdentity;
import dev.medallion.ops.BatchMetrics;
import dev.medallion.ops.ConcurrentWrites;
import dev.medallion.ops.CrashPoints;
import dev.medallion.ops.PipelineMetrics;
import dev.medallion.ops.SourceTimes;
import dev.medallion.ops.SparkSessions;
import dev.medallion.ops.TableLocations;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * One silver table to every fact and window declared from it: each micro-batch is read once,
 * aggregated per fact (dimension attributes looked up first) and merged, each table once per
 * batch. The tables are written at the same time ({@link ConcurrentWrites}), each in a Spark
 * session of its own, since a MERGE takes its batch identity from its session's settings. Facts
 * follow their dimensions within their own MERGEs ({@link FactReattribution}), so this writer is
 * the only one of its tables.
 */
public final class FactWriter implements GoldWriter {
  private final SparkSession spark;
  private final String silverTable;
  private final List<FactTable> facts;
  private final List<WindowAggregate> windows;
  private final TableLocations locations;
  private final PipelineMetrics metrics;
  private final Clock clock;
  /** A session per gold table: their writes run at once, each tagging its own commits. */
  private final Map<String, SparkSession> sessions = new ConcurrentHashMap<>();

  FactWriter(
      SparkSession spark,
      String silverTable,
      List<FactTable> facts,
      List<WindowAggregate> windows,
      TableLocations locations,
      PipelineMetrics metrics,
      Clock clock) {
    this.spark = spark;
    this.silverTable = silverTable;
    this.facts = List.copyOf(facts);
    this.windows = List.copyOf(windows);
    this.locations = locations;
    this.metrics = metrics;
    this.clock = clock;
  }

  /** The stream's name: {@code gold.from_events} for the facts and windows of silver.events. */
  @Override
  public String table() {
    return "gold.from_" + silverTable.substring(silverTable.indexOf('.') + 1);
  }

  @Override
  public String from() {
    return silverTable;
  }

  @Override
  public void createTables() {
    String silver = locations.table(silverTable);
    Dataset<Row> shape = spark.read().format("delta").load(silver).limit(0);
    facts.forEach(fact -> fact.createIfMissing(spark, shape));
    windows.forEach(window -> window.createIfMissing(spark, shape));
  }

  /** Reads every fact and window table's copy held in the driver, the tables at the same time. */
  @Override
  public void prepare() {
    List<Runnable> loads = new ArrayList<>();
    for (FactTable fact : facts) {
      loads.add(() -> fact.prepare(sessionOf(fact.location())));
    }
    for (WindowAggregate window : windows) {
      loads.add(() -> window.prepare(sessionOf(window.location())));
    }
    ConcurrentWrites.runEach(table(), loads);
  }

  private SparkSession sessionOf(String location) {
    return sessions.computeIfAbsent(location, l -> SparkSessions.forSmallWrites(spark));
  }

  /** Moves fact rows of members whose attributes changed since the facts' last batch. */
  @Override
  public void catchUp() {
    Instant now = clock.instant();
    for (FactTable fact : facts) {
      fact.reattribute(sessionOf(fact.location()), now);
    }
  }

  @Override
  public void write(Dataset<Row> batch, BatchIdentity identity) {
    long batchId = identity.version();
    SparkSession session = batch.sparkSession();
    Instant startedAt = clock.instant();
    Dataset<Row> rows = batch.persist(StorageLevel.MEMORY_AND_DISK());
    try {
      List<Column> aggregates = new ArrayList<>(List.of(SourceTimes.aggregates()));
      windows.forEach(window -> aggregates.add(max(col(window.timeColumn()))));
      // each window's late rows counted in the same job, against the watermark it holds now
      List<Optional<Instant>> watermarks = new ArrayList<>();
      for (WindowAggregate window : windows) {
        Optional<Instant> watermark = window.watermark(sessionOf(window.location()));
        watermarks.add(watermark);
        watermark.ifPresent(mark -> aggregates.add(window.lateRows(mark)));
      }
      Row summary = rows.agg(count(lit(1)), aggregates.toArray(Column[]::new)).first();
      long rowsIn = summary.getLong(0);
      if (rowsIn == 0) {
        return;
      }
      List<Callable<Long>> writes = new ArrayList<>();
      for (FactTable fact : facts) {
        writes.add(
            () -> {
              fact.merge(sessionOf(fact.location()), rows, identity, startedAt);
              CrashPoints.reach(table(), "after-merge-" + fact.spec().name(), batchId);
              return 0L;
            });
      }
      int latestColumn = 1 + SourceTimes.aggregates().length;
      int lateColumn = latestColumn + windows.size();
      for (int i = 0; i < windows.size(); i++) {
        WindowAggregate window = windows.get(i);
        Optional<Instant> latestInBatch =
            Optional.ofNullable((Timestamp) summary.get(latestColumn + i)).map(Timestamp::toInstant);
        Optional<WindowAggregate.LateCount> counted =
            watermarks.get(i).isPresent()
                ? Optional.of(new WindowAggregate.LateCount(watermarks.get(i).get(), summary.getLong(lateColumn++)))
                : Optional.empty();
        writes.add(
            () -> window.write(sessionOf(window.location()), rows, latestInBatch, counted, identity, startedAt));
      }
      long late = 0;
      for (long lateRows : ConcurrentWrites.runAll(table(), writes)) {
        late += lateRows;
      }
      metrics.record(
          session,
          identity,
          new BatchMetrics(
              "gold",
              table(),
              batchId,
              rowsIn,
              rowsIn - late,
              0,
              0,
              late,
              startedAt,
              clock.instant(),
              SourceTimes.earliest(summary, 1),
              SourceTimes.average(summary, 2)));
    } finally {
      rows.unpersist();
    }
  }
}
