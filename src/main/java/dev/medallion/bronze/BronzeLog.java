package dev.medallion.bronze;

import dev.medallion.ops.DeltaWrites;
import dev.medallion.spec.BronzeTableSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaHistoryManager;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.DeltaOperations;
import org.apache.spark.sql.delta.OptimisticTransaction;
import org.apache.spark.sql.delta.Snapshot;
import org.apache.spark.sql.delta.actions.Action;
import org.apache.spark.sql.delta.actions.AddFile;
import org.apache.spark.sql.delta.actions.CommitInfo;
import org.apache.spark.sql.delta.actions.SetTransaction;
import org.apache.spark.sql.delta.util.FileNames;
import scala.Option;
import scala.jdk.javaapi.CollectionConverters;

/**
 * A bronze table's Delta log as the ingester uses it. Each commit adds the files of the records
 * read since the previous one and, in the same atomic commit, the next Kafka offset of every
 * partition they came from as a {@code SetTransaction} of that partition (the design of delta-io's
 * kafka-delta-ingest): the table itself says where ingestion resumes, so files and offsets cannot
 * disagree after a crash. A commit whose partitions moved since the ingester last looked (another
 * process ingesting into the same table) is refused rather than duplicating records.
 */
final class BronzeLog {
  /** The key of the ingester's entry in a commit's user metadata. */
  private static final String METADATA_KEY = "medallion_ingest";

  private final SparkSession spark;
  private final String location;
  private final String table;
  private final String topic;

  BronzeLog(SparkSession spark, String location, String table, String topic) {
    this.spark = spark;
    this.location = location;
    this.table = table;
    this.topic = topic;
  }

  /** The transaction id under which the next offset of {@code partition} is committed. */
  String appId(int partition) {
    return "medallion-ingest:" + topic + ":" + partition;
  }

  /**
   * The next offset to read of each of {@code partitions} that the table has committed records of;
   * partitions it has none of are absent.
   */
  Map<Integer, Long> committedOffsets(List<Integer> partitions) {
    Snapshot snapshot = log().update(false, Option.empty(), Option.empty());
    Map<String, Long> transactions = transactions(snapshot, partitions);
    Map<Integer, Long> offsets = new HashMap<>();
    for (int partition : partitions) {
      Long next = transactions.get(appId(partition));
      if (next != null && next >= 0) {
        offsets.put(partition, next);
      }
    }
    return offsets;
  }

  /** Whether the table's log still holds its first commit (log clean-up has not removed it). */
  boolean holdsFirstCommit() {
    DeltaLog log = log();
    try {
      return log.logPath().getFileSystem(log.newDeltaHadoopConf()).exists(FileNames.unsafeDeltaFile(log.logPath(), 0));
    } catch (java.io.IOException e) {
      return false;
    }
  }

  /**
   * Whether the table holds rows whose offsets no ingester commit recorded: data files, and no
   * offset of any partition of the topic (a table an earlier Medallion wrote through Spark).
   */
  boolean hasRowsWithoutOffsets() {
    Snapshot snapshot = log().update(false, Option.empty(), Option.empty());
    if (snapshot.numOfFiles() == 0) {
      return false;
    }
    String prefix = appId(0).substring(0, appId(0).lastIndexOf(':') + 1);
    return CollectionConverters.asJava(snapshot.setTransactions()).stream()
        .noneMatch(transaction -> transaction.appId().startsWith(prefix));
  }

  /**
   * Commits {@code files} with the next offset of each partition in {@code next}.
   *
   * @param previous each partition's next offset as the ingester last saw it committed (absent:
   *     none committed yet); the commit is refused when the table says otherwise
   * @return the table version committed
   * @throws dev.medallion.spec.MedallionException when another writer moved a partition's offset
   */
  long commit(List<AddFile> files, Map<Integer, Long> previous, Map<Integer, Long> next, IngestedBatch batch) {
    OptimisticTransaction transaction = log().startTransaction(Option.empty(), Option.empty());
    List<String> appIds = next.keySet().stream().map(this::appId).toList();
    Map<String, Long> committed = transactions(transaction.snapshot(), List.copyOf(next.keySet()));
    List<Action> actions = new ArrayList<>(files);
    long now = System.currentTimeMillis();
    for (Map.Entry<Integer, Long> partition : next.entrySet()) {
      String appId = appId(partition.getKey());
      long expected = previous.getOrDefault(partition.getKey(), -1L);
      long found = committed.getOrDefault(appId, -1L);
      if (found != expected) {
        throw BronzeErrors.concurrentIngestion(table, topic, partition.getKey(), expected, found);
      }
      actions.add(new SetTransaction(appId, partition.getValue(), Option.apply(now)));
    }
    // a concurrent commit of the same partitions makes this one fail instead of both landing
    appIds.forEach(appId -> transaction.readTxn().addOne(appId));
    return transaction.commit(
        CollectionConverters.asScala(actions).toList(),
        new DeltaOperations.Write(
            SaveMode.Append,
            Option.apply(CollectionConverters.asScala(BronzeTableSpec.PARTITION_COLUMNS).toList()),
            Option.empty(),
            Option.apply(batch.toJson(METADATA_KEY)),
            Option.empty(),
            Option.empty(),
            Option.empty(),
            Option.empty(),
            Option.empty()));
  }

  /**
   * The latest commit the ingester made, looking back at most {@code depth} versions from the
   * table's latest (other writers' commits, such as OPTIMIZE, are passed over).
   */
  Optional<IngestedBatch.Committed> latestIngested(int depth) {
    DeltaLog log = log();
    long latest = log.update(false, Option.empty(), Option.empty()).version();
    for (long version = latest; version >= 0 && version > latest - depth; version--) {
      Option<CommitInfo> info;
      try {
        info =
            DeltaHistoryManager.getCommitInfoOpt(
                log.store(), FileNames.unsafeDeltaFile(log.logPath(), version), log.newDeltaHadoopConf());
      } catch (RuntimeException cleanedUp) {
        return Optional.empty();
      }
      if (info.isDefined() && info.get().userMetadata().isDefined()) {
        Optional<IngestedBatch> batch = IngestedBatch.fromJson(info.get().userMetadata().get(), METADATA_KEY);
        if (batch.isPresent()) {
          return Optional.of(
              new IngestedBatch.Committed(version, batch.get(), java.time.Instant.ofEpochMilli(info.get().getTimestamp())));
        }
      }
    }
    return Optional.empty();
  }

  private DeltaLog log() {
    return DeltaLog.forTable(spark, location);
  }

  /**
   * The committed version of each partition's transaction id: from the checksum file Delta writes
   * beside each commit when it lists them, else from the table's state (a Spark job).
   */
  private Map<String, Long> transactions(Snapshot snapshot, List<Integer> partitions) {
    Map<String, Long> versions = new HashMap<>();
    boolean fromChecksum = true;
    for (int partition : partitions) {
      String appId = appId(partition);
      Optional<Long> version = DeltaWrites.committedVersion(snapshot, appId);
      if (version.isEmpty()) {
        fromChecksum = false;
        break;
      }
      versions.put(appId, version.get());
    }
    if (!fromChecksum) {
      versions.clear();
      Map<String, Object> all = CollectionConverters.asJava(snapshot.transactions());
      for (int partition : partitions) {
        Object version = all.get(appId(partition));
        versions.put(appId(partition), version == null ? -1L : ((Number) version).longValue());
      }
    }
    return versions;
  }
}
