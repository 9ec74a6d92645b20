package dev.medallion.gold;

import dev.medallion.ops.BatchIdentity;
import dev.medallion.ops.DriverFileWriter;
import dev.medallion.ops.HistoryMetrics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaOperations;
import org.apache.spark.sql.delta.OptimisticTransaction;
import org.apache.spark.sql.delta.actions.Action;
import org.apache.spark.sql.delta.actions.AddFile;
import org.apache.spark.sql.delta.actions.FileAction;
import org.apache.spark.sql.delta.actions.SetTransaction;
import org.apache.spark.sql.delta.commands.cdc.CDCReader;
import org.apache.spark.sql.execution.metric.SQLMetric;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.Option;
import scala.jdk.javaapi.CollectionConverters;

/**
 * One batch's rewrite of some files of a Delta table, committed as a MERGE would commit it: the
 * changed rows and the unchanged rows of the replaced files written together, one file per
 * partition, with the change data (rows carrying {@code _change_type}, which Delta's
 * {@code writeFiles} puts in {@code _change_data/} when the table has a change data feed), the
 * replaced files removed, and the batch's {@code SetTransaction} and MERGE metrics in the same
 * commit. The files are written from the driver ({@link DriverFileWriter}) when the table allows
 * it, else by Spark.
 */
final class MergeCommit {
  private static final String CHANGE_TYPE = CDCReader.CDC_TYPE_COLUMN_NAME();

  /**
   * What a batch rewrites.
   *
   * @param changed rows inserted or updated, of the table's columns
   * @param unchanged the other rows of the replaced files
   * @param changeData change data rows ({@link #changeRow})
   * @param replaced files whose rows are all in {@code changed}, {@code unchanged} or deleted
   * @param updated how many of {@code changed} replace a row
   * @param deleted how many rows are deleted
   */
  record Rewrite(
      List<Row> changed, List<Row> unchanged, List<Row> changeData, List<AddFile> replaced, long updated, long deleted) {
    /** The rows the commit's data files hold: the changed ones, then the unchanged ones. */
    List<Row> kept() {
      List<Row> rows = new ArrayList<>(changed.size() + unchanged.size() + changeData.size());
      rows.addAll(changed);
      rows.addAll(unchanged);
      return rows;
    }
  }

  /** Files written by a commit (holding its changed and unchanged rows), and the table version it made. */
  record Committed(List<FileAction> files, long version) {}

  private MergeCommit() {}

  /** {@code row} with its change type ({@code insert}, {@code update_preimage}...) appended. */
  static Row changeRow(Row row, String changeType) {
    Object[] values = new Object[row.length() + 1];
    for (int i = 0; i < row.length(); i++) {
      values[i] = row.get(i);
    }
    values[row.length()] = changeType;
    return RowFactory.create(values);
  }

  /** Writes and commits {@code rewrite} in {@code transaction}, tagged with {@code batch} when given. */
  static Committed commit(
      SparkSession session,
      OptimisticTransaction transaction,
      StructType schema,
      Rewrite rewrite,
      Optional<BatchIdentity> batch) {
    // a partition's changed and unchanged rows in one file: half the files of two writes
    List<Row> written = rewrite.kept();
    boolean withChangeData = CDCReader.isCDCEnabledOnTable(transaction.metadata(), session);
    if (withChangeData) {
      written.replaceAll(row -> changeRow(row, null));
      written.addAll(rewrite.changeData());
    }
    StructType writtenSchema = withChangeData ? schema.add(CHANGE_TYPE, DataTypes.StringType, true) : schema;
    List<FileAction> files = write(transaction, session, written, writtenSchema);
    long now = System.currentTimeMillis();
    List<Action> actions = new ArrayList<>();
    rewrite.replaced().forEach(file -> actions.add(file.removeWithTimestamp(now, true)));
    actions.addAll(files);
    batch.ifPresent(b -> actions.add(new SetTransaction(b.appId(), b.version(), Option.apply(now))));
    transaction.readWholeTable();
    transaction.registerSQLMetrics(session, metrics(session, rewrite, files));
    long version =
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
    return new Committed(files, version);
  }

  /** The figures Delta's MERGE reports in the table history, for this rewrite. */
  private static scala.collection.immutable.Map<String, SQLMetric> metrics(
      SparkSession session, Rewrite rewrite, List<FileAction> files) {
    long dataFiles = files.stream().filter(AddFile.class::isInstance).count();
    long changeFiles = files.size() - dataFiles;
    Map<String, Long> figures = new LinkedHashMap<>();
    figures.put("operationNumSourceRows", rewrite.changed().size() + rewrite.deleted());
    figures.put("numTargetRowsInserted", rewrite.changed().size() - rewrite.updated());
    figures.put("numTargetRowsUpdated", rewrite.updated());
    figures.put("numTargetRowsMatchedUpdated", rewrite.updated());
    figures.put("numTargetRowsDeleted", rewrite.deleted());
    figures.put("numTargetRowsMatchedDeleted", rewrite.deleted());
    figures.put("numTargetRowsCopied", (long) rewrite.unchanged().size());
    figures.put("numTargetFilesAdded", dataFiles);
    figures.put("numTargetFilesRemoved", (long) rewrite.replaced().size());
    figures.put("numTargetChangeFilesAdded", changeFiles);
    return HistoryMetrics.of(session, figures);
  }

  private static List<FileAction> write(
      OptimisticTransaction transaction, SparkSession session, List<Row> rows, StructType schema) {
    if (rows.isEmpty()) {
      return List.of();
    }
    if (DriverFileWriter.supports(transaction.metadata(), schema)) {
      // a few thousand rows at most: written from here, without a Spark job
      return new DriverFileWriter(session)
          .write(transaction.deltaLog().dataPath().toString(), transaction.metadata(), schema, rows);
    }
    Dataset<Row> data = session.createDataFrame(rows, schema).coalesce(1);
    return new ArrayList<>(CollectionConverters.asJava(transaction.writeFiles(data)));
  }
}
