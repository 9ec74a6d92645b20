package dev.medallion.ops;

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
    int cores = Runtime.getRuntime().availableProcessors();
    return SparkSession.builder()
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
        .config("spark.sql.shuffle.partitions", String.valueOf(Math.max(2, cores)))
        .config("spark.default.parallelism", String.valueOf(Math.max(2, cores)))
        .config("spark.sql.adaptive.enabled", "true")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.streaming.stateStore.providerClass",
            "org.apache.spark.sql.execution.streaming.state.RocksDBStateStoreProvider")
        // count(*) and min/max answered from the Delta log's statistics
        .config("spark.databricks.delta.optimizeMetadataQuery.enabled", "true")
        .config("spark.databricks.delta.schema.autoMerge.enabled", "false")
        .config("spark.sql.streaming.noDataMicroBatches.enabled", "false")
        .config("spark.databricks.delta.snapshotPartitions", String.valueOf(Math.max(2, cores)))
        .getOrCreate();
  }
}
