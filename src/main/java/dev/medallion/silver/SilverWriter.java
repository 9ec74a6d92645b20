package dev.medallion.silver;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.when;

import dev.medallion.ops.BatchIdentity;
import dev.medallion.ops.BatchValues;
import dev.medallion.ops.BatchMetrics;
import dev.medallion.ops.ConcurrentWrites;
import dev.medallion.ops.CrashPoints;
import dev.medallion.ops.DeltaWrites;
import dev.medallion.ops.PipelineMetrics;
import dev.medallion.ops.TableLocations;
import dev.medallion.quality.QuarantineRows;
import dev.medallion.quality.QualityErrors;
import dev.medallion.spec.BronzeColumns;
import dev.medallion.spec.SilverTableSpec;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * Bronze rows to silver and quarantine, one micro-batch at a time. Every bronze row of a batch
 * ends in exactly one place: the silver table, the quarantine (with its reasons), or the duplicate
 * count of the batch's metrics row. All three writes are idempotent per batch, so a crash and
 * replay leaves the same tables and counts as a clean run, and hands gold the same rows: a replay
 * classifies the same bronze rows the same way, and deduplication does not count a record's own
 * earlier commit as a duplicate.
 */
public final class SilverWriter {
  /** When the micro-batch that wrote the row started. */
  public static final String PROCESSING_TIMESTAMP = "processing_timestamp";

  private final SparkSession spark;
  private final SilverTableSpec table;
  private final TableLocations locations;
  private final PipelineMetrics metrics;
  private final Clock clock;
  private final SilverParser parser;
  private final Optional<Deduplicator> deduplicator;

  public SilverWriter(
      SparkSession spark,
      SilverTableSpec table,
      TableLocations locations,
      PipelineMetrics metrics,
      Clock clock) {
    this.spark = spark;
    this.table = table;
    this.locations = locations;
    this.metrics = metrics;
    this.clock = clock;
    this.parser = new SilverParser(table);
    this.deduplicator = table.dedup().map(Deduplicator::new);
  }

  /** The qualified silver table, {@code silver.events}. */
  public String table() {
    return table.qualifiedName();
  }

  /** The bronze table it reads. */
  public String from() {
    return table.from();
  }

  /** Creates the silver and quarantine tables if missing (the bronze table must exist). */
  public void createTables() {
    String bronzeLocation = locations.table(table.from());
    Dataset<Row> bronzeShape = spark.read().format("delta").load(bronzeLocation).limit(0);
    Dataset<Row> classifiedShape = parser.classify(bronzeShape);
    StructType silverSchema = silverRows(classifiedShape, Instant.EPOCH).schema();
    DeltaWrites.createIfMissing(
        spark,
        locations.table(table()),
        silverSchema,
        table.partitionBy(),
        SilverTableProperties.silver(silverSchema, table.partitionBy(), table.dedup()));
    StructType quarantineSchema = QuarantineRows.of(classifiedShape, Instant.EPOCH).schema();
    DeltaWrites.createIfMissing(
        spark,
        locations.table(table.quarantineName()),
        quarantineSchema,
        QuarantineRows.PARTITION_COLUMNS,
        SilverTableProperties.quarantine(quarantineSchema, QuarantineRows.PARTITION_COLUMNS));
  }

  /**
   * Loads the dedup key index from the silver table before a continuous run's first batch, so that
   * batch does not carry it. Optional: a batch loads the index when it is not loaded yet.
   */
  public void prepare() {
    deduplicator.ifPresent(keys -> keys.prepare(spark, locations.table(table())));
  }

  /** The silver rows of one batch, computed from a cache released by {@link #close}. */
  public static final class Written implements AutoCloseable {
    private final Dataset<Row> rows;
    private final long count;
    private final Dataset<Row> cached;

    Written(Dataset<Row> rows, long count, Dataset<Row> cached) {
      this.rows = rows;
      this.count = count;
      this.cached = cached;
    }

    /** How many rows the batch has in silver. */
    public long count() {
      return count;
    }

    /** The batch's rows as silver holds them; empty when the batch had none. */
    public Dataset<Row> rows() {
      return rows;
    }

    @Override
    public void close() {
      if (cached != null) {
        cached.unpersist();
      }
    }
  }

  /**
   * Classifies, deduplicates and writes the bronze rows of one batch; returns its silver rows, to
   * be closed when the batch is done.
   */
  public Written write(Dataset<Row> bronzeBatch, BatchIdentity identity) {
    long batchId = identity.version();
    Instant startedAt = clock.instant();
    Column failed = size(col(QuarantineRows.REASONS)).gt(0);
    // Parsed once and kept for the batch's three passes; the payload and key only matter for
    // quarantined rows, so valid rows are cached without them (a third of the bytes).
    Dataset<Row> classified =
        parser
            .classify(bronzeBatch)
            .withColumns(
                Map.of( // both replaced where they stand
                    BronzeColumns.EVENT_DATA, when(failed, col(BronzeColumns.EVENT_DATA)),
                    BronzeColumns.KAFKA_KEY, when(failed, col(BronzeColumns.KAFKA_KEY))))
            .persist(StorageLevel.MEMORY_AND_DISK());
    boolean handedOn = false;
    try {
      ClassifiedSummary summary = ClassifiedSummary.of(classified, failed, table.dedup());
      long rowsIn = summary.rows;
      if (rowsIn == 0) {
        return new Written(silverRows(classified, startedAt).limit(0), 0, null);
      }
      long quarantined = summary.failed;
      if (summary.breakingFailRule > 0) {
        Row example = classified.filter(col(SilverParser.BREAKS_FAIL_RULE)).first();
        throw QualityErrors.failRuleBroken(table(), batchId, summary.breakingFailRule, example);
      }
      Dataset<Row> valid = classified.filter(size(col(QuarantineRows.REASONS)).equalTo(0));
      long written = rowsIn - quarantined;
      Dataset<Row> unique = valid;
      Optional<Deduplicator.Outcome> deduplicated = Optional.empty();
      if (deduplicator.isPresent() && written > 0) {
        deduplicated =
            Optional.of(
                deduplicator
                    .get()
                    .removeDuplicates(
                        spark,
                        valid,
                        locations.table(table()),
                        summary.earliestValidOrder,
                        () -> summary.validKeys));
        unique = deduplicated.get().unique();
        written -= deduplicated.get().duplicates();
      }
      long duplicates = rowsIn - quarantined - written;
      Dataset<Row> silverRows = silverRows(unique, startedAt);
      // two tables, two commits of their own: written at the same time, so one's planning and
      // commit overlap the other's job (a crash between them replays the batch into both)
      List<Callable<Boolean>> writes = new ArrayList<>();
      if (quarantined > 0) {
        writes.add(
            () ->
                DeltaWrites.appendOnce(
                    QuarantineRows.of(classified.filter(failed), startedAt),
                    locations.table(table.quarantineName()),
                    identity,
                    QuarantineRows.PARTITION_COLUMNS));
      }
      if (written > 0) {
        writes.add(
            () -> DeltaWrites.appendOnce(silverRows, locations.table(table()), identity, table.partitionBy()));
      }
      if (!writes.isEmpty()) {
        ConcurrentWrites.runAll(table(), writes);
      }
      deduplicated.ifPresent(outcome -> deduplicator.get().committed(outcome));
      CrashPoints.reach(table(), "after-commit", batchId);
      metrics.record(
          spark,
          identity,
          new BatchMetrics(
              "silver",
              table(),
              batchId,
              rowsIn,
              written,
              quarantined,
              duplicates,
              0,
              startedAt,
              clock.instant(),
              summary.earliestSource,
              summary.averageSource));
      handedOn = true;
      return new Written(silverRows, written, classified);
    } finally {
      if (!handedOn) {
        classified.unpersist();
        deduplicator.ifPresent(Deduplicator::forget);
      }
    }
  }

  private Dataset<Row> silverRows(Dataset<Row> rows, Instant processedAt) {
    return rows.withColumn(PROCESSING_TIMESTAMP, BatchValues.timestamp(processedAt))
        .select(parser.silverColumns().stream().map(c -> col(c)).toArray(Column[]::new));
  }
}
