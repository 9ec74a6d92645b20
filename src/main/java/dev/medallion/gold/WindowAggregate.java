package dev.medallion.gold;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.window;

import dev.medallion.ops.BatchIdentity;
import dev.medallion.ops.BatchValues;
import dev.medallion.ops.DeltaWrites;
import dev.medallion.spec.MeasureSpec;
import dev.medallion.spec.WindowSpec;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Event-time windows per group with a watermark, kept by MERGE. The watermark is the latest event
 * time the table has seen minus the declared delay: read from the table at the first batch, then
 * carried in memory from batch to batch (and read again after a failed batch), so a replayed batch
 * sees the watermark the table gives. Records older than it do not reopen closed windows; they go
 * to the window's late table ({@code gold.<name>_late}) with the watermark they missed: counted,
 * not lost.
 */
final class WindowAggregate {
  static final String WINDOW_START = "window_start";
  static final String WINDOW_END = "window_end";
  static final String MAX_EVENT_TIME = "max_event_time";
  static final String WATERMARK = "watermark";

  private final WindowSpec spec;
  private final MeasureTable table;
  private final String lateLocation;
  /** The table's latest event time when known without reading it; null: read it. */
  private Optional<Instant> latestEventTime;

  WindowAggregate(WindowSpec spec, String location, String lateLocation) {
    this.spec = spec;
    this.lateLocation = lateLocation;
    List<String> keys = new ArrayList<>(List.of(WINDOW_START, WINDOW_END));
    keys.addAll(spec.groupBy());
    List<MeasureSpec> measures = new ArrayList<>(spec.measures());
    measures.add(
        new MeasureSpec(MAX_EVENT_TIME, MeasureSpec.Aggregation.MAX, Optional.of(spec.timeColumn()), Optional.empty()));
    this.table = new MeasureTable(location, keys, measures, Map.of(), List.of());
  }

  void createIfMissing(SparkSession spark, Dataset<Row> silverShape) {
    table.createIfMissing(spark, windowed(silverShape));
    DeltaWrites.createIfMissing(
        spark, lateLocation, late(silverShape, Instant.EPOCH).schema(), List.of(), Map.of());
  }

  String location() {
    return table.location();
  }

  /** Reads the copy of the table held in the driver, and the watermark from it. */
  void prepare(SparkSession session) {
    table.prepare(session);
    watermark(session);
  }

  /** The table version whose rows the driver holds; -1 when it holds none. */
  long heldVersion() {
    return table.heldVersion();
  }

  /** The event-time column the windows are over. */
  String timeColumn() {
    return spec.timeColumn();
  }

  /** Rows before {@code watermark}, counted by the batch's summary job instead of a job of its own. */
  record LateCount(Instant watermark, long rows) {}

  /**
   * The watermark the next batch is held to: the latest event time merged so far less the declared
   * delay; empty before any event. Read from the table when not known (the first batch, or after
   * a failed one), then kept for {@link #write}.
   */
  Optional<Instant> watermark(SparkSession session) {
    if (latestEventTime == null) {
      latestEventTime = latestEventTime(session);
    }
    return latestEventTime.map(time -> time.minus(spec.watermark()));
  }

  /** The aggregate counting a batch's rows before {@code watermark}. */
  Column lateRows(Instant watermark) {
    return count(when(isLate(watermark), lit(1)));
  }

  private Column isLate(Instant watermark) {
    return col(spec.timeColumn()).lt(BatchValues.timestamp(watermark));
  }

  /**
   * Writes one micro-batch: late rows first, then the on-time windows, each once per batch.
   *
   * @param latestInBatch the batch's latest event time, empty when it has none
   * @param counted the batch's late rows when already counted against the current watermark
   * @return the number of late rows
   */
  long write(
      SparkSession session,
      Dataset<Row> rows,
      Optional<Instant> latestInBatch,
      Optional<LateCount> counted,
      BatchIdentity batch,
      Instant now) {
    Optional<Instant> watermark = watermark(session);
    Optional<Instant> latest = latestEventTime;
    latestEventTime = null; // unknown until this batch is merged
    long late = 0;
    Dataset<Row> onTime = rows;
    if (watermark.isPresent()) {
      Dataset<Row> lateRows = rows.filter(isLate(watermark.get()));
      late =
          counted.filter(count -> count.watermark().equals(watermark.get()))
              .map(LateCount::rows)
              .orElseGet(lateRows::count);
      if (late > 0) {
        DeltaWrites.appendOnce(late(lateRows, watermark.get()), lateLocation, batch, List.of());
      }
      onTime = rows.filter(not(isLate(watermark.get()))); // a null time is neither
    }
    table.merge(session, table.aggregate(windowed(onTime)), Optional.empty(), Optional.of(batch), now);
    // rows later than the table's latest are never late, so the batch's latest is the new one
    latestEventTime =
        latestInBatch.isPresent() && (latest.isEmpty() || latestInBatch.get().isAfter(latest.get()))
            ? latestInBatch
            : latest;
    return late;
  }

  private Optional<Instant> latestEventTime(SparkSession session) {
    Row latest = session.read().format("delta").load(table.location()).agg(max(MAX_EVENT_TIME)).first();
    return latest.isNullAt(0) ? Optional.empty() : Optional.of(((Timestamp) latest.get(0)).toInstant());
  }

  private Dataset<Row> windowed(Dataset<Row> rows) {
    long seconds = spec.size().toSeconds();
    return rows.withColumn("_window", window(col(spec.timeColumn()), seconds + " seconds"))
        .withColumn(WINDOW_START, col("_window.start"))
        .withColumn(WINDOW_END, col("_window.end"))
        .drop("_window");
  }

  private static Dataset<Row> late(Dataset<Row> rows, Instant watermark) {
    return rows.withColumn(WATERMARK, BatchValues.timestamp(watermark));
  }
}
