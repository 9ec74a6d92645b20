package dev.medallion.ops;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;

/**
 * Takes YARN's defaults out of a local session's Hadoop configuration. Hadoop's job classes load
 * {@code yarn-default.xml} into every configuration (552 of its ~1,140 entries), and in local mode
 * nothing reads them; yet every Spark job that reads or writes files serializes the whole
 * configuration on the driver and deserializes it in each task, and Parquet walks it for every
 * file it opens. Without them a job writing one small file costs ~20% less, one writing 120 files
 * ~10% less (docs/performance.md).
 *
 * <p>Only entries whose one source is {@code yarn-default.xml} go: a value a user set (in a site
 * file or as {@code spark.hadoop.yarn.…}) stays.
 */
final class YarnDefaults {
  static final String SOURCE = "yarn-default.xml";

  /** The classes whose loading adds default resources (and reloads every configuration). */
  private static final List<String> RESOURCE_LOADERS =
      List.of("org.apache.hadoop.mapred.JobConf", "org.apache.hadoop.hdfs.HdfsConfiguration");

  private YarnDefaults() {}

  /** Removes YARN's defaults from the configurations {@code spark}'s jobs copy, when its master is local. */
  static void dropFromLocal(SparkSession spark) {
    if (!spark.sparkContext().isLocal()) {
      return;
    }
    // loaded first: adding a default resource later would read every default file back in
    RESOURCE_LOADERS.forEach(YarnDefaults::load);
    drop(spark.sparkContext().hadoopConfiguration());
    drop(spark.sharedState().hadoopConf());
  }

  /** Removes the entries of {@code conf} whose one source is YARN's defaults file. */
  static int drop(Configuration conf) {
    List<String> keys = new ArrayList<>();
    synchronized (conf) {
      for (Map.Entry<String, String> entry : conf) {
        String[] sources = conf.getPropertySources(entry.getKey());
        if (sources != null && Arrays.asList(sources).equals(List.of(SOURCE))) {
          keys.add(entry.getKey());
        }
      }
      keys.forEach(conf::unset);
    }
    return keys.size();
  }

  private static void load(String className) {
    try {
      Class.forName(className, true, YarnDefaults.class.getClassLoader());
    } catch (ClassNotFoundException | LinkageError absent) {
      // a Hadoop without it adds no defaults when loading it either
    }
  }
}
