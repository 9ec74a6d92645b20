package dev.medallion.gold;

import static org.apache.spark.sql.functions.col;

import dev.medallion.ops.BatchIdentity;
import dev.medallion.ops.DeltaWrites;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.OptimisticTransaction;
import org.apache.spark.sql.delta.Snapshot;
import org.apache.spark.sql.delta.actions.AddFile;
import org.apache.spark.sql.types.StructType;
import scala.Option;

/**
 * A gold table held in the driver between micro-batches: its rows by key, grouped by the files
 * that hold them. A batch's changes (rows upserted by key, keys deleted) are applied to the copy,
 * the files holding the rows they touch are rewritten with the batch's change data, and all of it
 * is committed in one Delta transaction carrying the batch's identity: one small write job and a
 * commit, where a MERGE of a table of a few thousand rows costs a dozen Spark jobs (state
 * reconstruction, a join to find the touched files, another to rewrite them).
 *
 * <p>The rows a batch changed are written to files of their own, apart from the unchanged rows of
 * the files it touched, so the next batch (which mostly touches the same keys) rewrites few rows.
 * The copy is read from the table at the first batch, and again whenever the table has a commit
 * that is not this copy's (maintenance, another writer, a failed batch). Tables larger than
 * {@link #MAX_ROWS} are left to the caller (Delta's MERGE).
 */
final class ResidentTable {
  /** The most rows a table may have to be held here, unless a test says fewer. */
  static final int MAX_ROWS = 1_000_000;

  private static final String FILE_PATH = "_file_path";

  private final String location;
  private final List<String> keys;
  private final List<String> partitionBy;
  private final int maxRows;

  /** The table version the copy holds; -1 when it must be read. */
  private long version = -1;
  /** The copy; null when the table has more than {@link #maxRows} rows. */
  private HeldRows held;

  /** The copy as a batch's changes are planned against it. */
  interface Current {
    /** The table's columns. */
    StructType schema();

    /** The row of {@code key} (values of the key columns, in order); null when none. */
    Row row(List<Object> key);

    /** Every row, in a list of its own. */
    List<Row> rows();
  }

  /**
   * A batch's changes: rows (of the table's columns) replacing those of their keys or added, and
   * keys whose rows are deleted. A row equal to the one it replaces changes nothing.
   */
  record Changes(List<Row> upserts, Set<List<Object>> deletes) {}

  ResidentTable(String location, List<String> keys, List<String> partitionBy) {
    this(location, keys, partitionBy, MAX_ROWS);
  }

  ResidentTable(String location, List<String> keys, List<String> partitionBy, int maxRows) {
    this.location = location;
    this.keys = List.copyOf(keys);
    this.partitionBy = List.copyOf(partitionBy);
    this.maxRows = maxRows;
  }

  /** The most rows this table, or a batch's changes to it, may have to be held here. */
  int maxRows() {
    return maxRows;
  }

  /** The key columns' positions in {@code schema}. */
  int[] keyColumns(StructType schema) {
    return HeldRows.indexes(schema, keys);
  }

  /**
   * Applies the changes {@code plan} makes against the table's latest rows, in one commit tagged
   * with {@code batch} when given; a batch the table committed already is skipped without
   * planning.
   *
   * @return false, having written nothing, when the table has more than {@link #MAX_ROWS} rows or
   *     the plan gives no changes (it cannot make them here): the caller writes them another way
   */
  boolean write(SparkSession session, Optional<BatchIdentity> batch, Function<Current, Optional<Changes>> plan) {
    return withCopy(
        session,
        log -> log.startTransaction(Option.empty(), Option.empty()),
        OptimisticTransaction::snapshot,
        transaction -> {
          if (batch.isPresent() && committedVersion(transaction, batch.get()) >= batch.get().version()) {
            return true;
          }
          if (held == null) {
            return false;
          }
          Optional<Changes> changes = plan.apply(held);
          if (changes.isEmpty()) {
            return false;
          }
          HeldRows.Change change = held.change(changes.get());
          MergeCommit.Committed committed =
              MergeCommit.commit(session, transaction, held.schema(), change.rewrite(), batch);
          held.apply(change, committed);
          version = committed.version();
          return true;
        });
  }

  /**
   * The table's latest rows from the copy (read again when the table has a commit the copy does
   * not know); empty when the table has more than {@link #MAX_ROWS} rows.
   */
  Optional<List<Row>> rows(SparkSession session) {
    return withCopy(
        session,
        log -> log.update(false, Option.empty(), Option.empty()),
        snapshot -> snapshot,
        snapshot -> Optional.ofNullable(held).map(HeldRows::rows));
  }

  /** The table version whose rows the copy holds; -1 when it holds none. */
  long heldVersion() {
    return held == null ? -1 : version;
  }

  /** The table's schema as the copy last read it. */
  StructType schema() {
    return held.schema();
  }

  /**
   * Runs {@code work} on what {@code open} gives (a transaction or a snapshot of the table's
   * latest version) once the copy holds that version, with {@code session} active (Delta's
   * transaction reads its settings there). A failure makes the next call read the table again.
   */
  private <T, R> R withCopy(
      SparkSession session, Function<DeltaLog, T> open, Function<T, Snapshot> snapshotOf, Function<T, R> work) {
    Option<SparkSession> previous = SparkSession.getActiveSession();
    SparkSession.setActiveSession(session);
    try {
      DeltaLog log = DeltaLog.forTable(session, location);
      T opened = open.apply(log);
      Snapshot snapshot = snapshotOf.apply(opened);
      if (snapshot.version() != version) {
        load(session, log, snapshot);
      }
      return work.apply(opened);
    } catch (RuntimeException failed) {
      version = -1;
      throw failed;
    } finally {
      if (previous.isDefined()) {
        SparkSession.setActiveSession(previous.get());
      } else {
        SparkSession.clearActiveSession();
      }
    }
  }

  /** Reads the table's rows at {@code snapshot}, each with the file holding it. */
  private void load(SparkSession session, DeltaLog log, Snapshot snapshot) {
    version = -1;
    held = null;
    StructType schema = snapshot.schema();
    Map<String, AddFile> files = new HashMap<>();
    for (AddFile file : snapshot.allFiles().collectAsList()) {
      files.put(file.absolutePath(log).toUri().getPath(), file);
    }
    List<Column> columns = new ArrayList<>();
    for (String column : schema.fieldNames()) {
      columns.add(col(column));
    }
    columns.add(col("_metadata.file_path").as(FILE_PATH));
    List<Row> read =
        session.read().format("delta").option("versionAsOf", snapshot.version()).load(location)
            .select(columns.toArray(Column[]::new))
            .limit(maxRows + 1)
            .collectAsList();
    if (read.size() <= maxRows) {
      List<Row> rows = new ArrayList<>(read.size());
      List<String> paths = new ArrayList<>(read.size());
      for (Row row : read) {
        Object[] values = new Object[schema.size()];
        for (int i = 0; i < values.length; i++) {
          values[i] = row.get(i);
        }
        rows.add(new GenericRowWithSchema(values, schema));
        paths.add(new Path(URI.create(row.getString(values.length))).toUri().getPath());
      }
      HeldRows copy = new HeldRows(schema, keys, partitionBy);
      try {
        copy.hold(files, rows, paths);
      } catch (IllegalStateException unknownFile) {
        throw new IllegalStateException(
            "gold table " + location + " version " + snapshot.version() + ": " + unknownFile.getMessage(), unknownFile);
      }
      held = copy;
    }
    version = snapshot.version();
  }

  private static long committedVersion(OptimisticTransaction transaction, BatchIdentity batch) {
    return DeltaWrites.committedVersion(transaction.snapshot(), batch.appId())
        .orElseGet(() -> transaction.txnVersion(batch.appId()));
  }
}
