package dev.medallion.gold;

import dev.medallion.ops.DriverFileWriter;
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
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.delta.actions.AddFile;
import org.apache.spark.sql.delta.actions.FileAction;
import org.apache.spark.sql.types.StructType;
import scala.jdk.javaapi.CollectionConverters;

/**
 * A table's rows held in the driver ({@link ResidentTable}): by key, grouped by the files that hold
 * them, so a batch's changes say which files to rewrite. Rows written together for one partition
 * form a group; a group touched by a batch is replaced by the files that batch writes.
 */
final class HeldRows implements ResidentTable.Current {
  /** Files written together for one partition, and the rows they hold. */
  private static final class FileGroup {
    final List<AddFile> files = new ArrayList<>();
    final Map<List<Object>, Row> rows = new LinkedHashMap<>();
  }

  /** What a batch does: the files' rewrite, and the groups and keys it takes out of the copy. */
  static final class Change {
    private final MergeCommit.Rewrite rewrite;
    private final Set<FileGroup> touched;
    private final Set<List<Object>> gone;

    private Change(MergeCommit.Rewrite rewrite, Set<FileGroup> touched, Set<List<Object>> gone) {
      this.rewrite = rewrite;
      this.touched = touched;
      this.gone = gone;
    }

    MergeCommit.Rewrite rewrite() {
      return rewrite;
    }
  }

  private final StructType schema;
  private final int[] keyColumns;
  private final int[] partitionColumns;
  private final Map<List<Object>, FileGroup> groupOf = new HashMap<>();

  HeldRows(StructType schema, List<String> keys, List<String> partitionBy) {
    this.schema = schema;
    this.keyColumns = indexes(schema, keys);
    this.partitionColumns = indexes(schema, partitionBy);
  }

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
  public List<Row> rows() {
    List<Row> rows = new ArrayList<>(groupOf.size());
    groupOf.forEach((key, group) -> rows.add(group.rows.get(key)));
    return rows;
  }

  /**
   * Holds rows read from the table, each with the path of the file it was read from (at the same
   * position in {@code paths}); every file by its path.
   *
   * @throws IllegalStateException when a row names a file not among {@code files}
   */
  void hold(Map<String, AddFile> files, List<Row> rows, List<String> paths) {
    Map<String, FileGroup> byPath = new HashMap<>();
    files.forEach((path, file) -> byPath.computeIfAbsent(path, p -> new FileGroup()).files.add(file));
    for (int i = 0; i < rows.size(); i++) {
      Row row = rows.get(i);
      String path = paths.get(i);
      FileGroup group = byPath.get(path);
      if (group == null) {
        throw new IllegalStateException("row read from " + path + ", a file the table's version does not list");
      }
      put(keyOf(row, keyColumns), row, group);
    }
  }

  /**
   * The change {@code changes} makes: rows upserted (an upsert equal to the held row changes
   * nothing) and deleted, with their change data, and the other rows of the groups they touch.
   */
  Change change(ResidentTable.Changes changes) {
    Set<FileGroup> touched = Collections.newSetFromMap(new IdentityHashMap<>());
    Set<List<Object>> gone = new HashSet<>();
    List<Row> changeData = new ArrayList<>();
    for (List<Object> key : changes.deletes()) {
      FileGroup group = groupOf.get(key);
      if (group != null && gone.add(key)) {
        touched.add(group);
        changeData.add(MergeCommit.changeRow(group.rows.get(key), "delete"));
      }
    }
    Map<List<Object>, Row> changed = new LinkedHashMap<>();
    long updated = 0;
    for (Row row : changes.upserts()) {
      List<Object> key = keyOf(row, keyColumns);
      FileGroup group = gone.contains(key) ? null : groupOf.get(key);
      Row existing = group == null ? null : group.rows.get(key);
      if (existing == null) {
        changeData.add(MergeCommit.changeRow(row, "insert"));
      } else if (existing.equals(row)) {
        continue;
      } else {
        touched.add(group);
        updated++;
        changeData.add(MergeCommit.changeRow(existing, "update_preimage"));
        changeData.add(MergeCommit.changeRow(row, "update_postimage"));
      }
      changed.put(key, row);
    }
    List<Row> unchanged = new ArrayList<>();
    List<AddFile> replaced = new ArrayList<>();
    for (FileGroup group : touched) {
      replaced.addAll(group.files);
      group.rows.forEach(
          (key, row) -> {
            if (!changed.containsKey(key) && !gone.contains(key)) {
              unchanged.add(row);
            }
          });
    }
    MergeCommit.Rewrite rewrite =
        new MergeCommit.Rewrite(
            new ArrayList<>(changed.values()), unchanged, changeData, replaced, updated, gone.size());
    return new Change(rewrite, touched, gone);
  }

  /** Applies a committed change: its groups and keys go, the files it wrote hold its rows. */
  void apply(Change change, MergeCommit.Committed committed) {
    for (FileGroup group : change.touched) {
      group.rows.keySet().forEach(groupOf::remove);
    }
    change.gone.forEach(groupOf::remove);
    holdWritten(change.rewrite.kept(), committed.files());
  }

  /** Files just written become the groups of their partitions' rows. */
  private void holdWritten(List<Row> rows, List<FileAction> written) {
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
    List<FileGroup> groups = new ArrayList<>(rows.size());
    for (Row row : rows) {
      groups.add(byPartition.get(DriverFileWriter.partitionValues(row, schema, partitionColumns)));
    }
    // partition values written in a form not reproduced here: the files stay together
    boolean everyRowPlaced = !groups.contains(null);
    for (int i = 0; i < rows.size(); i++) {
      put(keyOf(rows.get(i), keyColumns), rows.get(i), everyRowPlaced ? groups.get(i) : all);
    }
  }

  private void put(List<Object> key, Row row, FileGroup group) {
    group.rows.put(key, row);
    groupOf.put(key, group);
  }

  /** The values of {@code columns} in {@code row}: a key as held here. */
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
