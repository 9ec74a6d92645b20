package dev.medallion.bronze;

import dev.medallion.ops.CrashPoints;
import dev.medallion.ops.DeltaWrites;
import dev.medallion.ops.KafkaEndpoint;
import dev.medallion.ops.PipelineMetrics;
import dev.medallion.ops.TableLocations;
import dev.medallion.spec.BronzeTableSpec;
import dev.medallion.spec.SourceSpec;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.internal.SQLConf;
import org.apache.spark.sql.delta.actions.AddFile;

/**
 * Kafka to a bronze table without Spark jobs: a consumer reads the source's topic (all its
 * partitions), the records are written as they arrive into Parquet files of the table, and every
 * {@code trigger} (or {@code max-offsets-per-trigger} records, whichever comes first) the files are
 * committed to Delta together with the next offset of each partition ({@link BronzeLog}). Bronze is
 * append-only, so nothing of Spark's planning, tasks or row conversions is needed here; the
 * ingester runs near the rate a plain consumer reads at (docs/performance.md).
 *
 * <p>Exactly once: the offsets live in the table's own commits, so after a crash the ingester
 * resumes at the offsets of the last commit, and files written but not committed are never seen.
 * Each commit records its metrics row in {@code ops.batch_metrics}; a row lost to a crash between
 * the commit and the row is written at the next start from what the commit recorded.
 *
 * <p>Each writer's files hold at most a tenth of its share of {@code max-offsets-per-trigger} rows,
 * so a reader taking {@link #filesPerBatch} files at a time reads at most that many records, and
 * nearly that many when the ingester is ahead of it.
 */
public final class BronzeIngester implements AutoCloseable {
  /** How many files of each writer hold its share of {@code max-offsets-per-trigger} records. */
  private static final int FILES_PER_WRITER = 10;

  /** Writer threads: two cores encode twice the records of one, and more rarely pay. */
  private static final int WRITERS = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));

  private final SparkSession spark;
  private final BronzeTableSpec table;
  private final SourceSpec source;
  private final KafkaEndpoint kafka;
  private final String location;
  private final Clock clock;
  private final BronzeLog log;
  private final SQLConf sql;
  private final long rowsPerFile;
  private final BronzeMetricsRows metricsRows;

  private volatile boolean stopping;
  private volatile RuntimeException failure;
  private volatile Ingestion running;
  private Thread background;

  public BronzeIngester(
      SparkSession spark,
      BronzeTableSpec table,
      SourceSpec source,
      KafkaEndpoint kafka,
      TableLocations locations,
      PipelineMetrics metrics,
      Clock clock) {
    this.spark = spark;
    this.table = table;
    this.source = source;
    this.kafka = kafka.forSource(source);
    this.location = locations.table(table.qualifiedName());
    this.clock = clock;
    this.log = new BronzeLog(spark, location, table.qualifiedName(), source.topic());
    this.sql = spark.sessionState().conf();
    this.rowsPerFile = Math.max(1, (source.maxOffsetsPerTrigger() + filesPerBatch() - 1) / filesPerBatch());
    this.metricsRows = new BronzeMetricsRows(spark, metrics, table.qualifiedName());
  }

  /** The qualified bronze table, {@code bronze.events}. */
  public String table() {
    return table.qualifiedName();
  }

  /**
   * How many of the table's files hold at most {@code max-offsets-per-trigger} records: what a
   * reader of the table admits per micro-batch.
   */
  public int filesPerBatch() {
    return FILES_PER_WRITER * WRITERS;
  }

  /**
   * Whether a new reader of the table can read it commit by commit from its creation (its log still
   * holds the first commit), rather than from a snapshot of its files.
   */
  public boolean readableFromCreation() {
    return log.holdsFirstCommit();
  }

  /** The spec's interval between commits of a continuous run. */
  public Duration trigger() {
    return table.trigger();
  }

  /** Creates the bronze table if missing. */
  public void createTable() {
    DeltaWrites.createIfMissing(
        spark,
        location,
        BronzeSchema.SCHEMA,
        BronzeTableSpec.PARTITION_COLUMNS,
        BronzeSchema.tableProperties(table.tableProperties()));
  }

  /**
   * Checks, before anything reads the table, that the ingester can resume it: a table it can
   * write, holding no rows an earlier version of Medallion ingested without recording offsets.
   *
   * @throws dev.medallion.spec.MedallionException saying what to do otherwise
   */
  public void checkResumable() {
    BronzeTableCheck.check(spark, location, table());
    if (log.hasRowsWithoutOffsets()) {
      throw BronzeErrors.rowsWithoutOffsets(table(), location);
    }
  }

  /**
   * Ingests every record the topic holds now (up to its end offsets as of this call), committing
   * as it goes, and returns when they are all committed or {@link #close} was called.
   *
   * @throws dev.medallion.spec.MedallionException when Kafka or the table cannot be ingested from
   *     or into (what to do is in the message)
   */
  public void ingestAvailable() {
    ingestFromTheTablesCommits(true);
  }

  /** Starts ingesting in the background until {@link #close}; a failure is kept for {@link #failure}. */
  public void start() {
    background =
        new Thread(
            () -> {
              try {
                ingestFromTheTablesCommits(false);
              } catch (RuntimeException e) {
                if (!stopping) {
                  failure = e;
                }
              }
            },
            "medallion-ingest-" + table());
    background.setDaemon(true);
    background.start();
  }

  /**
   * Commits at once what the background ingestion has read so far, and waits for that commit (at
   * most {@code timeout}; the trigger would commit it anyway): a reader about to read the table
   * then finds every record read before the call. Returns at once when nothing ingests.
   */
  public void commitWhatWasRead(Duration timeout) {
    Ingestion current = running;
    if (current == null) {
      return;
    }
    try {
      current.commitWhatWasRead(timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Why a background ingestion stopped, if it failed. */
  public Optional<RuntimeException> failure() {
    return Optional.ofNullable(failure);
  }

  /**
   * Stops ingesting: records read but not committed yet are committed first, when that can be done
   * (else the next run reads them again). Waits for the background thread.
   */
  @Override
  public void close() {
    stopping = true;
    Ingestion current = running;
    if (current != null) {
      current.stop();
    }
    if (background != null) {
      try {
        background.join(Duration.ofMinutes(1).toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Recovers a lost metrics row, then reads from where the table's commits end until caught up
   * with the topic's end as of now ({@code untilNow}) or stopped.
   */
  private void ingestFromTheTablesCommits(boolean untilNow) {
    SparkSession.setActiveSession(spark);
    recordMetricsOfLastCommit();
    Set<String> statisticsColumns = BronzeTableCheck.check(spark, location, table());
    Optional<SourceConsumer> consumption =
        SourceConsumer.open(source, kafka, table(), log, untilNow, () -> stopping);
    if (consumption.isPresent()) {
      ingest(consumption.get(), statisticsColumns);
    }
  }

  /** Reads, writes and commits until caught up or stopped. */
  private void ingest(SourceConsumer consumption, Set<String> statisticsColumns) {
    FileSystem fileSystem = fileSystem();
    Path root = new Path(location);
    Ingestion ingestion =
        new Ingestion(
            new RecordPoller.Reading(consumption.consumer(), consumption.partitions(), consumption.until()),
            consumption.committed(),
            WRITERS,
            new Ingestion.Files(
                () -> {
                  BronzeRecordEncoding encoding = new BronzeRecordEncoding(sql);
                  return date -> new BronzeFile(fileSystem, root, date, encoding, statisticsColumns);
                },
                table.sourceSystem(),
                rowsPerFile),
            new Ingestion.Cadence(source.maxOffsetsPerTrigger(), table.trigger()),
            clock,
            table());
    running = ingestion;
    if (stopping) {
      ingestion.stop();
    }
    try {
      ingestion.run(this::commit);
    } catch (RecordsGone gone) {
      throw BronzeErrors.recordsGone(table(), source.topic(), gone.partitions(), gone);
    } finally {
      running = null;
    }
  }

  private FileSystem fileSystem() {
    try {
      return new Path(location).getFileSystem(spark.sparkContext().hadoopConfiguration());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("no file system for the bronze table at " + location, e);
    }
  }

  /** Commits one sealed commit's files and offsets, then records the batch's metrics row. */
  private void commit(List<AddFile> files, Map<Integer, Long> previous, Map<Integer, Long> next, IngestedBatch batch) {
    long version = log.commit(files, previous, next, batch);
    CrashPoints.reach(table(), "after-commit", version);
    metricsRows.record(version, batch, clock.instant());
  }

  /** Writes the metrics row of the table's last ingested commit, if a crash lost it. */
  private void recordMetricsOfLastCommit() {
    if (!io.delta.tables.DeltaTable.isDeltaTable(spark, location)) {
      return;
    }
    metricsRows.recoverLastOf(log);
  }
}
