package dev.medallion.ops;

import io.delta.kernel.Table;
import io.delta.kernel.defaults.engine.DefaultEngine;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.exceptions.CheckpointAlreadyExistsException;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.util.QuotingUtils;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.Snapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Option;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Writes the Delta checkpoints of a pipeline's tables off their commit path.
 *
 * <p>Delta checkpoints a table inside the commit whose version is a multiple of the table's
 * {@code delta.checkpointInterval} (10 by default), and the writer waits for it: on two cores
 * 0.5 to 1.3 s per table, and since every table of a flow commits once per micro-batch, every
 * tenth batch paid it for all of them at once (docs/performance.md). Medallion's tables carry
 * {@link #PROPERTIES}, which leave that to this class: every {@value #EVERY_COMMITS} commits by
 * default, from a thread of its own while the pipeline runs, and at the end of a run that stops
 * when caught up.
 *
 * <p>A checkpoint is written by Delta Kernel, in this thread: the log replayed and one Parquet
 * file written, 0.1–0.3 s of CPU a table. Delta's own checkpoint plans and runs Spark jobs to
 * rebuild the table's state: measured alone ~6 s of CPU a checkpoint on two cores, CPU the
 * pipeline's micro-batches need (docs/performance.md). A table Kernel refuses to write (a table
 * feature it lacks) is checkpointed by Delta as before.
 */
public final class TableCheckpoints implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TableCheckpoints.class);

  /** Commits between two checkpoints of a table. */
  public static final int EVERY_COMMITS = 20;

  /**
   * The interval Delta itself keeps on Medallion's tables: only writers other than the pipeline
   * (which never reach it between two of this class's checkpoints) would checkpoint inline.
   */
  public static final Map<String, String> PROPERTIES = Map.of("delta.checkpointInterval", "1000");

  private static final Duration PERIOD = Duration.ofSeconds(5);

  private final SparkSession spark;
  private final List<String> locations;
  private final int everyCommits;
  private final Engine kernel;
  /**
   * The version each table was last checkpointed at by this instance: Delta's snapshot of a table
   * with no commit since keeps the checkpoint it was read from, and Kernel finds a checkpoint there
   * already only once it has rebuilt and written the state again.
   */
  private final Map<String, Long> written = new ConcurrentHashMap<>();
  private ScheduledExecutorService background;

  /** Checkpoints of the tables at {@code locations} every {@value #EVERY_COMMITS} commits. */
  public TableCheckpoints(SparkSession spark, List<String> locations) {
    this(spark, locations, EVERY_COMMITS);
  }

  /** Checkpoints of the tables at {@code locations} every {@code everyCommits} commits. */
  public TableCheckpoints(SparkSession spark, List<String> locations, int everyCommits) {
    if (everyCommits < 1) {
      throw new IllegalArgumentException("commits between checkpoints must be 1 or more, not " + everyCommits);
    }
    this.spark = spark;
    this.locations = List.copyOf(locations);
    this.everyCommits = everyCommits;
    this.kernel = DefaultEngine.create(new Configuration(spark.sparkContext().hadoopConfiguration()));
  }

  /**
   * Sets {@link #PROPERTIES} on the table at {@code location} where it has other values (a table
   * made before this class existed), in one commit.
   */
  static void takeOver(SparkSession spark, String location) {
    Map<String, String> configuration =
        CollectionConverters.asJava(
            DeltaLog.forTable(spark, location)
                .update(false, Option.empty(), Option.empty())
                .metadata()
                .configuration());
    String missing =
        PROPERTIES.entrySet().stream()
            .filter(property -> !property.getValue().equals(configuration.get(property.getKey())))
            .map(property -> "'" + property.getKey() + "' = '" + property.getValue() + "'")
            .collect(Collectors.joining(", "));
    if (!missing.isEmpty()) {
      spark.sql(
          "ALTER TABLE delta." + QuotingUtils.quoteIdentifier(location)
              + " SET TBLPROPERTIES (" + missing + ")");
    }
  }

  /**
   * Checkpoints each table whose latest version is the interval or more commits past its last
   * checkpoint (or past its creation), at that latest version.
   *
   * @return how many checkpoints were written
   */
  public int writeDue() {
    int count = 0;
    for (String location : locations) {
      DeltaLog log = DeltaLog.forTable(spark, location);
      Snapshot latest = log.update(false, Option.empty(), Option.empty());
      if (latest.version() < 0) {
        continue;
      }
      long checkpointed =
          Math.max(0, Math.max(latest.logSegment().checkpointProvider().version(), written.getOrDefault(location, -1L)));
      if (latest.version() - checkpointed >= everyCommits) {
        if (checkpoint(log, latest)) {
          count++;
        }
        written.put(location, latest.version());
      }
    }
    return count;
  }

  /** Checkpoints the table at the snapshot's version; false when a checkpoint is there already. */
  private boolean checkpoint(DeltaLog log, Snapshot latest) {
    try {
      Table.forPath(kernel, log.dataPath().toString()).checkpoint(kernel, latest.version());
      return true;
    } catch (CheckpointAlreadyExistsException exists) {
      return false;
    } catch (RuntimeException | IOException refused) {
      LOG.debug("Delta Kernel did not checkpoint {}; Delta does: {}", log.dataPath(), refused.toString());
      log.checkpoint(latest, Option.empty());
      return true;
    }
  }

  /** Runs {@link #writeDue} every few seconds on a daemon thread until {@link #close}. */
  public synchronized void startInBackground() {
    if (background != null) {
      return;
    }
    background =
        Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("medallion-checkpoints"));
    background.scheduleWithFixedDelay(
        this::writeDueQuietly, PERIOD.toMillis(), PERIOD.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void writeDueQuietly() {
    try {
      writeDue();
    } catch (RuntimeException e) {
      // a checkpoint only speeds up reading the table: the next round tries again
      LOG.warn("checkpointing the pipeline's tables failed; the next round retries: {}", e.toString());
    }
  }

  /** Stops the background thread, letting a checkpoint under way finish. */
  @Override
  public synchronized void close() {
    if (background == null) {
      return;
    }
    background.shutdown();
    try {
      background.awaitTermination(1, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    background = null;
  }
}
