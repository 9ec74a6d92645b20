package dev.medallion.gold;

import static org.apache.spark.sql.functions.col;

import dev.medallion.ops.BatchIdentity;
import dev.medallion.ops.DeltaWrites;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.DeltaOperations;
import org.apache.spark.sql.delta.OptimisticTransaction;
import org.apache.spark.sql.delta.Snapshot;
import org.apache.spark.sql.delta.actions.Action;
import org.apache.spark.sql.delta.actions.AddFile;
import org.apache.spark.sql.delta.actions.FileAction;
import org.apache.spark.sql.delta.actions.SetTransaction;
import org.apache.spark.sql.delta.commands.cdc.CDCReader;
import org.apache.spark.sql.execution.metric.SQLMetric;
import org.apache.spark.sql.execution.metric.SQLMetrics;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import java.util.stream.Stream;
import scala.Option;
import scala.jdk.javaapi.CollectionConverters;

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

  private static final String CHANGE_TYPE = CDCReader.CDC_TYPE_COLUMN_NAME();
  private static final String FILE_PATH = "_file_path";

  private final String location;
  private final List<String> keys;
  private final List<String> partitionBy;
  private final int maxRows;

  /** The table version the copy holds; -1 when it must be read. */
  private long version = -1;
  private boolean tooLarge;
  private StructType schema;
  private final Map<List<Object>, FileGroup> groupOf = new HashMap<>();

  /** Files written together for one partition, and the rows they hold. */
  private static final class FileGroup {
    final List<AddFile> files = new ArrayList<>();
    final Map<List<Object>, Row> rows = new LinkedHashMap<>();
  }

  /** The copy as a batch's changes are planned against it. */
  interface Current {
    /** The table's columns. */
    StructType schema();

    /** The row of {@code key} (values of the key columns, in order); null when none. */
    Row row(List<Object> key);

    /** Every row. */
    Collection<Row> rows();
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
    return indexes(schema, keys);
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
    Option<SparkSession> previous = SparkSession.getActiveSession();
    SparkSession.setActiveSession(session); // Delta's transaction reads its settings there
    try {
      DeltaLog log = DeltaLog.forTable(session, location);
      OptimisticTransaction transaction = log.startTransaction(Option.empty(), Option.empty());
      Snapshot snapshot = transaction.snapshot();
      if (batch.isPresent() && committedVersion(transaction, batch.get()) >= batch.get().version()) {
        return true;
      }
      if (snapshot.version() != version) {
        load(session, log, snapshot);
      }
      if (tooLarge) {
        return false;
      }
      Optional<Changes> changes = plan.apply(current());
      if (changes.isEmpty()) {
        return false;
      }
      commit(session, transaction, change(changes.get()), batch);
      return true;
    } catch (RuntimeException failed) {
      version = -1; // read the table again before the next batch
      throw failed;
    } finally {
      restore(previous);
    }
  }

  /**
   * The table's latest rows from the copy (read again when the table has a commit the copy does
   * not know); empty when the table has more than {@link #MAX_ROWS} rows.
   */
  Optional<List<Row>> rows(SparkSession session) {
    Option<SparkSession> previous = SparkSession.getActiveSession();
    SparkSession.setActiveSession(session);
    try {
      DeltaLog log = DeltaLog.forTable(session, location);
      Snapshot snapshot = log.update(false, Option.empty(), Option.empty());
      if (snapshot.version() != version) {
        load(session, log, snapshot);
      }
      return tooLarge ? Optional.empty() : Optional.of(List.copyOf(current().rows()));
    } catch (RuntimeException failed) {
      version = -1;
      throw failed;
    } finally {
      restore(previous);
    }
  }

  /** The table's schema as the copy last read it. */
  StructType schema() {
    return schema;
  }

  private Current current() {
    return new Current() {
      @Override
      public StructType schema() {
        return schema;
      }

      @Override
      public Row row(List<Object> key) {
        FileGroup group = groupOf.get(key);
        return group == null ? null : group.rows.get(key);
      }

      @Override
      public Collection<Row> rows() {
        List<Row> rows = new ArrayList<>(groupOf.size());
        groupOf.forEach((key, group) -> rows.add(group.rows.get(key)));
        return rows;
      }
    };
  }

  private static void restore(Option<SparkSession> previous) {
    if (previous.isDefined()) {
      SparkSession.setActiveSession(previous.get());
    } else {
      SparkSession.clearActiveSession();
    }
  }

  /** What a batch does to the files: rows rewritten, change data, files replaced. */
  private record Change(
      List<Row> changed, List<Row> unchanged, List<Row> changeData, Set<FileGroup> touched, Set<List<Object>> gone) {}

  private Change change(Changes changes) {
    Set<FileGroup> touched = Collections.newSetFromMap(new IdentityHashMap<>());
    Set<List<Object>> gone = new HashSet<>();
    List<Row> changeData = new ArrayList<>();
    for (List<Object> key : changes.deletes()) {
      FileGroup group = groupOf.get(key);
      if (group != null && gone.add(key)) {
        touched.add(group);
        changeData.add(withChangeType(group.rows.get(key), "delete"));
      }
    }
    int[] tableKey = indexes(schema, keys);
    Map<List<Object>, Row> changed = new LinkedHashMap<>();
    for (Row row : changes.upserts()) {
      List<Object> key = keyOf(row, tableKey);
      FileGroup group = gone.contains(key) ? null : groupOf.get(key);
      Row existing = group == null ? null : group.rows.get(key);
      if (existing == null) {
        changeData.add(withChangeType(row, "insert"));
      } else if (existing.equals(row)) {
        continue;
      } else {
        touched.add(group);
        changeData.add(withChangeType(existing, "update_preimage"));
        changeData.add(withChangeType(row, "update_postimage"));
      }
      changed.put(key, row);
    }
    List<Row> unchanged = new ArrayList<>();
    for (FileGroup group : touched) {
      for (Map.Entry<List<Object>, Row> row : group.rows.entrySet()) {
        if (!changed.containsKey(row.getKey()) && !gone.contains(row.getKey())) {
          unchanged.add(row.getValue());
        }
      }
    }
    return new Change(new ArrayList<>(changed.values()), unchanged, changeData, touched, gone);
  }

  private void commit(
      SparkSession session, OptimisticTransaction transaction, Change change, Optional<BatchIdentity> batch) {
    boolean changeFeed = CDCReader.isCDCEnabledOnTable(transaction.metadata(), session);
    List<Row> written = new ArrayList<>(change.changed());
    StructType writtenSchema = schema;
    if (changeFeed) {
      written.replaceAll(row -> withChangeType(row, null));
      written.addAll(change.changeData());
      writtenSchema = schema.add(CHANGE_TYPE, DataTypes.StringType, true);
    }
    List<FileAction> changedFiles = write(transaction, session, written, writtenSchema);
    List<FileAction> unchangedFiles = write(transaction, session, change.unchanged(), schema);
    long now = System.currentTimeMillis();
    List<Action> actions = new ArrayList<>();
    for (FileGroup group : change.touched()) {
      group.files.forEach(file -> actions.add(file.removeWithTimestamp(now, true)));
    }
    actions.addAll(changedFiles);
    actions.addAll(unchangedFiles);
    batch.ifPresent(b -> actions.add(new SetTransaction(b.appId(), b.version(), Option.apply(now))));
    transaction.readWholeTable();
    transaction.registerSQLMetrics(session, mergeMetrics(session, change, changedFiles, unchangedFiles));
    long committed =
        transaction.commit(
            CollectionConverters.asScala(actions).toList(),
            new DeltaOperations.Merge(
                Option.empty(),
                Option.empty(),
                Option.empty(),
                Option.empty(),
                CollectionConverters.asScala(List.<DeltaOperations.MergePredicate>of()).toSeq(),
                CollectionConverters.asScala(List.<DeltaOperations.MergePredicate>of()).toSeq(),
                CollectionConverters.asScala(List.<DeltaOperations.MergePredicate>of()).toSeq()));
    for (FileGroup group : change.touched()) {
      group.rows.keySet().forEach(groupOf::remove);
    }
    change.gone().forEach(groupOf::remove);
    remember(change.changed(), changedFiles);
    remember(change.unchanged(), unchangedFiles);
    version = committed;
  }

  /** The figures Delta's MERGE reports in the table history, for this merge. */
  private static scala.collection.immutable.Map<String, SQLMetric> mergeMetrics(
      SparkSession session, Change change, List<FileAction> changedFiles, List<FileAction> unchangedFiles) {
    long updated =
        change.changeData().stream().filter(row -> "update_postimage".equals(row.get(row.length() - 1))).count();
    long inserted = change.changed().size() - updated;
    long filesRemoved = change.touched().stream().mapToLong(group -> group.files.size()).sum();
    long filesAdded =
        Stream.concat(changedFiles.stream(), unchangedFiles.stream()).filter(AddFile.class::isInstance).count();
    long changeFiles = changedFiles.stream().filter(file -> !(file instanceof AddFile)).count();
    Map<String, Long> figures = new LinkedHashMap<>();
    figures.put("operationNumSourceRows", (long) change.changed().size() + change.gone().size());
    figures.put("numTargetRowsInserted", inserted);
    figures.put("numTargetRowsUpdated", updated);
    figures.put("numTargetRowsMatchedUpdated", updated);
    figures.put("numTargetRowsDeleted", (long) change.gone().size());
    figures.put("numTargetRowsMatchedDeleted", (long) change.gone().size());
    figures.put("numTargetRowsCopied", (long) change.unchanged().size());
    figures.put("numTargetFilesAdded", filesAdded);
    figures.put("numTargetFilesRemoved", filesRemoved);
    figures.put("numTargetChangeFilesAdded", changeFiles);
    Map<String, SQLMetric> metrics = new LinkedHashMap<>();
    figures.forEach(
        (name, value) -> {
          SQLMetric metric = SQLMetrics.createMetric(session.sparkContext(), name);
          metric.set(value);
          metrics.put(name, metric);
        });
    return scala.collection.immutable.Map.from(CollectionConverters.asScala(metrics));
  }

  private static List<FileAction> write(
      OptimisticTransaction transaction, SparkSession session, List<Row> rows, StructType schema) {
    if (rows.isEmpty()) {
      return List.of();
    }
    Dataset<Row> data = session.createDataFrame(rows, schema).coalesce(1);
    return new ArrayList<>(CollectionConverters.asJava(transaction.writeFiles(data)));
  }

  /** Files just written become the groups of their partitions' rows. */
  private void remember(List<Row> rows, List<FileAction> written) {
    if (rows.isEmpty()) {
      return;
    }
    Map<Map<String, String>, FileGroup> byPartition = new HashMap<>();
    FileGroup all = new FileGroup();
    for (FileAction action : written) {
      if (action instanceof AddFile file) {
        byPartition
            .computeIfAbsent(new HashMap<>(CollectionConverters.asJava(file.partitionValues())), p -> new FileGroup())
            .files
            .add(file);
        all.files.add(file);
      }
    }
    int[] tableKey = indexes(schema, keys);
    int[] partitionColumns = indexes(schema, partitionBy);
    boolean everyRowPlaced = true;
    for (Row row : rows) {
      FileGroup group = byPartition.get(partitionValues(row, partitionColumns));
      everyRowPlaced &= group != null;
      all.rows.put(keyOf(row, tableKey), row);
    }
    if (!everyRowPlaced || byPartition.size() == 1) {
      // partition values written in a form not reproduced here: the files stay together
      all.rows.keySet().forEach(key -> groupOf.put(key, all));
      return;
    }
    for (Row row : rows) {
      FileGroup group = byPartition.get(partitionValues(row, partitionColumns));
      List<Object> key = keyOf(row, tableKey);
      group.rows.put(key, row);
      groupOf.put(key, group);
    }
  }

  /** A row's partition as Delta writes it in the log: values as text, null for null. */
  private Map<String, String> partitionValues(Row row, int[] columns) {
    Map<String, String> values = new HashMap<>();
    for (int column : columns) {
      Object value = row.get(column);
      values.put(schema.fieldNames()[column], value == null ? null : value.toString());
    }
    return values;
  }

  /** Reads the table's rows at {@code snapshot}, each with the file holding it. */
  private void load(SparkSession session, DeltaLog log, Snapshot snapshot) {
    groupOf.clear();
    version = -1;
    tooLarge = false;
    schema = snapshot.schema();
    Map<String, FileGroup> byPath = new HashMap<>();
    for (AddFile file : snapshot.allFiles().collectAsList()) {
      FileGroup group = new FileGroup();
      group.files.add(file);
      byPath.put(file.absolutePath(log).toUri().getPath(), group);
    }
    List<Column> columns = new ArrayList<>();
    for (String column : schema.fieldNames()) {
      columns.add(col(column));
    }
    columns.add(col("_metadata.file_path").as(FILE_PATH));
    List<Row> rows =
        session.read().format("delta").option("versionAsOf", snapshot.version()).load(location)
            .select(columns.toArray(Column[]::new))
            .limit(maxRows + 1)
            .collectAsList();
    tooLarge = rows.size() > maxRows;
    if (!tooLarge) {
      int[] tableKey = indexes(schema, keys);
      for (Row read : rows) {
        Object[] values = new Object[schema.size()];
        for (int i = 0; i < values.length; i++) {
          values[i] = read.get(i);
        }
        Row row = new org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema(values, schema);
        String path = new Path(URI.create(read.getString(values.length))).toUri().getPath();
        FileGroup group = byPath.get(path);
        if (group == null) {
          throw new IllegalStateException(
              "gold table " + location + ": row read from " + path + ", a file its version " + snapshot.version() + " does not list");
        }
        List<Object> key = keyOf(row, tableKey);
        group.rows.put(key, row);
        groupOf.put(key, group);
      }
    }
    version = snapshot.version();
  }

  private static long committedVersion(OptimisticTransaction transaction, BatchIdentity batch) {
    return DeltaWrites.committedVersion(transaction.snapshot(), batch.appId())
        .orElseGet(() -> transaction.txnVersion(batch.appId()));
  }

  private Row withChangeType(Row row, String changeType) {
    Object[] values = new Object[schema.size() + 1];
    for (int i = 0; i < schema.size(); i++) {
      values[i] = row.get(i);
    }
    values[schema.size()] = changeType;
    return RowFactory.create(values);
  }

  /** The values of {@code columns} in {@code row}: a key as this class holds keys. */
  static List<Object> keyOf(Row row, int[] columns) {
    Object[] key = new Object[columns.length];
    for (int i = 0; i < columns.length; i++) {
      key[i] = row.get(columns[i]);
    }
    return Arrays.asList(key);
  }

  /** The positions of {@code columns} in {@code schema}. */
  static int[] indexes(StructType schema, Collection<String> columns) {
    return columns.stream().mapToInt(schema::fieldIndex).toArray();
  }
}
