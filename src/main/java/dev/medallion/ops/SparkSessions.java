package dev.medallion.ops;

import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * Builds the Spark session every command shares: Delta's catalog and extension, UTC, and settings
 * for a small local machine (few shuffle partitions, no UI). A session that already exists in the
 * JVM (a cluster's, or a test's) is reused as it is, with the Delta settings checked.
 */
public final class SparkSessions {
  private SparkSessions() {}

  /**
   * The session for a local run whose warehouse lives under {@code home}; {@code master} is e.g.
   * {@code local[*]}. When spark-submit or a test already made a session, that one is returned.
   */
  public static SparkSession local(MedallionHome home, String master) {
    // one partition per core, at least two
    String partitions = String.valueOf(Math.max(2, Runtime.getRuntime().availableProcessors()));
    SparkSession.Builder builder = SparkSession.builder()
        .appName("medallion")
        .master(master)
        .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
        .config(
            "spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
        .config("spark.sql.warehouse.dir", home.warehouse().toString())
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.session.timeZone", "UTC")
        // local mode: one shuffle partition per core, not 200 tiny tasks
        .config("spark.sql.shuffle.partitions", partitions)
        .config("spark.default.parallelism", partitions)
        // a collect bounded by a limit (gold's partial aggregates, a dimension's changes) reads
        // every shuffle partition in one job: from one partition, Spark ran a second job for the
        // rest, the partitions' work one after the other
        .config("spark.sql.limit.initialNumPartitions", partitions)
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.streaming.stateStore.providerClass",
            "org.apache.spark.sql.execution.streaming.state.RocksDBStateStoreProvider")
        // count(*) and min/max answered from the Delta log's statistics
        .config("spark.databricks.delta.optimizeMetadataQuery.enabled", "true")
        .config("spark.databricks.delta.schema.autoMerge.enabled", "false")
        .config("spark.sql.streaming.noDataMicroBatches.enabled", "false")
        .config("spark.databricks.delta.snapshotPartitions", partitions)
        // The heartbeat's skipping of zero accumulators can meet an accumulator still being
        // deserialized by a task and die of a NullPointerException (SPARK-59451), after which the
        // executor sends no heartbeat again; in local mode the executor is this JVM, so sending
        // zero accumulators along costs nothing.
        .config("spark.executor.heartbeat.dropZeroAccumulatorUpdates", "false");
    if (!LOCALES_WITH_OWN_CASING.contains(java.util.Locale.getDefault().getLanguage())) {
      // upper()/lower() through the JVM: the same result as ICU's root locale here, and ASCII
      // text takes a fast path (ICU's took a tenth of silver's parse)
      builder = builder.config("spark.sql.icu.caseMappings.enabled",
          System.getProperty("spark.sql.icu.caseMappings.enabled", "false"));
    }
    for (var setting : TUNING.entrySet()) {
      // a -Dspark.… system property (MEDALLION_JAVA_OPTS) overrides a tuning default
      builder = builder.config(setting.getKey(), System.getProperty(setting.getKey(), setting.getValue()));
    }
    SparkSession spark = builder.getOrCreate();
    YarnDefaults.dropFromLocal(spark);
    return spark;
  }

  /**
   * A session of its own beside {@code spark}, for writes of a few thousand rows across many
   * partitions (a gold table's rewrite): one Parquet file open at a time, the rows sorted by
   * partition first. With a writer open per partition, Parquet's memory manager walks every open
   * writer each time a file opens or closes (~12% of such a write, docs/performance.md).
   */
  public static SparkSession forSmallWrites(SparkSession spark) {
    SparkSession session = spark.newSession();
    session.conf().set("spark.sql.maxConcurrentOutputFileWriters", "0");
    return session;
  }

  /** Languages whose case mappings differ from the root locale's (the JVM would apply them). */
  private static final java.util.Set<String> LOCALES_WITH_OWN_CASING = java.util.Set.of("tr", "az", "lt");

  /** Throughput settings measured in docs/performance.md; each overridable by a system property. */
  static final Map<String, String> TUNING =
      Map.ofEntries(
          // adaptive execution off: it re-plans every query stage by stage, a job per stage, and
          // with one shuffle partition per core it has little to adapt; at 20,000 events/s event
          // to gold p50 4.64-5.03 s, p99 8.7-9.6 s without it, 4.96-5.69 s and 9.4-10.9 s with it
          Map.entry("spark.sql.adaptive.enabled", "false"),
          // partitioned writes keep a writer open per partition value instead of sorting the batch
          Map.entry("spark.sql.maxConcurrentOutputFileWriters", "64"),
          // memory pages of 2 MB for hash aggregates and sorts: Spark sizes them from the heap (64
          // MB here), and every aggregating task of a micro-batch took fresh zeroed pages, 7 GB
          // in 100 s at 20,000 events/s, which halved the time between young collections and
          // sent pages to the old generation (a full collection every ~20 s)
          Map.entry("spark.buffer.pageSize", "2m"),
          // broadcasts (every stage's task binary) cut in blocks of 256 KB: each took a fresh 4 MB
          // buffer for a few kilobytes, 2.6 GB of the scheduler's allocations in the same demo
          Map.entry("spark.broadcast.blockSize", "256k"),
          // a micro-batch cached for a few passes: compressing it costs more than it saves
          Map.entry("spark.sql.inMemoryColumnarStorage.compressed", "false"),
          // and cached as rows, not encoded into columns and decoded on every pass
          Map.entry("spark.sql.cache.serializer", RowCacheSerializer.class.getName()),
          // 8-byte microseconds instead of Parquet's deprecated 12-byte INT96
          Map.entry("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS"),
          // every micro-batch plans the same few hundred queries: with Spark's 100 cached classes
          // they evicted each other and were compiled again, 30-40 compiles a second
          Map.entry("spark.sql.codegen.cache.maxEntries", "2000"),
          // no session adds jars, and an isolated session compiles its own copy of every class
          // (Medallion runs each gold table's writes in a session of its own)
          Map.entry("spark.sql.artifact.isolation.enabled", "false"),
          // task results up to 64 MB come back with the task's status, not stored in the block
          // manager and fetched by the driver over a socket: silver's summary returns each
          // partition's dedup keys (41 bytes a row, ~20 MB for half a million rows), whose fetch
          // took ~5% of silver's CPU in a profile (loopback copies, fresh network buffers)
          Map.entry("spark.task.maxDirectResultSize", "64m"),
          // local files created without a chmod process each (ForklessLocalFileSystem)
          Map.entry("spark.hadoop.fs.file.impl", ForklessLocalFileSystem.class.getName()),
          Map.entry("spark.hadoop.fs.AbstractFileSystem.file.impl", ForklessLocalFs.class.getName()));
}
