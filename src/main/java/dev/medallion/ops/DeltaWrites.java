package dev.medallion.ops;

import io.delta.tables.DeltaTable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Optional;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.DeltaOperations;
import org.apache.spark.sql.delta.OptimisticTransaction;
import org.apache.spark.sql.delta.Snapshot;
import org.apache.spark.sql.delta.VersionChecksum;
import org.apache.spark.sql.delta.actions.Action;
import org.apache.spark.sql.delta.actions.SetTransaction;
import scala.Option;
import scala.jdk.javaapi.CollectionConverters;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/** Creates Medallion's Delta tables and appends to them exactly once per micro-batch. */
public final class DeltaWrites {
  /**
   * Properties every Medallion table gets: change data feed on, as the seed asks, and checkpoints
   * left to {@link TableCheckpoints}.
   */
  public static final Map<String, String> DEFAULT_PROPERTIES = defaultProperties();

  private static Map<String, String> defaultProperties() {
    Map<String, String> properties = new HashMap<>(TableCheckpoints.PROPERTIES);
    properties.put("delta.enableChangeDataFeed", "true");
    return Map.copyOf(properties);
  }

  private DeltaWrites() {}

  /**
   * Creates the table at {@code location} unless a Delta table is already there; a table made by
   * an earlier version of Medallion gets the checkpoint properties it lacks.
   */
  public static void createIfMissing(
      SparkSession spark,
      String location,
      StructType schema,
      List<String> partitionBy,
      Map<String, String> properties) {
    if (DeltaTable.isDeltaTable(spark, location)) {
      TableCheckpoints.takeOver(spark, location);
      return;
    }
    var builder =
        DeltaTable.createIfNotExists(spark)
            .location(location)
            .addColumns(schema)
            .partitionedBy(partitionBy.toArray(String[]::new));
    for (var property : DEFAULT_PROPERTIES.entrySet()) {
      builder = builder.property(property.getKey(), property.getValue());
    }
    for (var property : properties.entrySet()) {
      builder = builder.property(property.getKey(), property.getValue());
    }
    builder.execute();
  }

  /**
   * Appends {@code rows} as one commit tagged with {@code batch}; a batch the table already
   * committed is skipped, so a replay after a crash writes nothing twice. New columns are merged
   * into the schema (schema evolution).
   *
   * <p>When the rows have the table's columns, the batch is written through a Delta transaction
   * of our own that carries the same {@code SetTransaction} action Delta's {@code txnAppId}
   * option writes, and whether the batch was committed before is read from the table's checksum
   * file. Delta's option answers that by reconstructing the table's whole state with Spark jobs
   * before every write, which cost a second or more per micro-batch (docs/performance.md). The
   * files are written by the executors' own encoder ({@link ExecutorFileWriter}) where the table
   * and its columns allow it, else by Delta's writer.
   *
   * @return true when this call wrote the batch, false when the table had it already
   */
  public static boolean appendOnce(
      Dataset<Row> rows, String location, BatchIdentity batch, List<String> partitionBy) {
    DeltaLog log = DeltaLog.forTable(rows.sparkSession(), location);
    OptimisticTransaction transaction = log.startTransaction(Option.empty(), Option.empty());
    Optional<Long> committed = committedVersion(transaction.snapshot(), batch.appId());
    boolean sameColumns =
        transaction.metadata().schema().asNullable().equals(rows.schema().asNullable())
            && transaction.metadata().partitionColumns().toList().equals(
                CollectionConverters.asScala(partitionBy).toList());
    if (committed.isEmpty() || !sameColumns) {
      long before = transaction.snapshot().version();
      appendWithDeltaOption(rows, location, batch, partitionBy);
      return log.update(false, Option.empty(), Option.empty()).version() > before;
    }
    if (committed.get() >= batch.version()) {
      return false;
    }
    List<Action> actions = new ArrayList<>();
    if (ExecutorFileWriter.supports(transaction.metadata(), rows.schema())) {
      actions.addAll(ExecutorFileWriter.write(transaction, rows, location));
    } else {
      actions.addAll(CollectionConverters.asJava(transaction.writeFiles(rows)));
    }
    actions.add(
        new SetTransaction(batch.appId(), batch.version(), Option.apply(System.currentTimeMillis())));
    transaction.commit(
        CollectionConverters.asScala(actions).toList(),
        new DeltaOperations.Write(
            SaveMode.Append,
            Option.apply(CollectionConverters.asScala(partitionBy).toList()),
            Option.empty(),
            Option.empty(),
            Option.empty(),
            Option.empty(),
            Option.empty(),
            Option.empty(),
            Option.empty()));
    return true;
  }

  /**
   * The last version {@code appId} committed to the table as of {@code snapshot} (-1 when none),
   * from the checksum file Delta writes beside each commit; empty when the checksum does not list
   * the table's transactions.
   */
  public static Optional<Long> committedVersion(Snapshot snapshot, String appId) {
    Option<VersionChecksum> checksum = snapshot.checksumOpt();
    if (checksum.isEmpty() || checksum.get().setTransactions().isEmpty()) {
      return Optional.empty();
    }
    long version = -1;
    for (SetTransaction transaction :
        CollectionConverters.asJava(checksum.get().setTransactions().get())) {
      if (transaction.appId().equals(appId)) {
        version = Math.max(version, transaction.version());
      }
    }
    return Optional.of(version);
  }

  private static void appendWithDeltaOption(
      Dataset<Row> rows, String location, BatchIdentity batch, List<String> partitionBy) {
    rows.write()
        .format("delta")
        .mode(SaveMode.Append)
        .option("txnAppId", batch.appId())
        .option("txnVersion", batch.version())
        .option("mergeSchema", "true")
        .partitionBy(partitionBy.toArray(String[]::new))
        .save(location);
  }
}
