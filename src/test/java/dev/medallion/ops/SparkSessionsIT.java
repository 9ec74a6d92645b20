package dev.medallion.ops;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import dev.medallion.testing.SharedSpark;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/** The sessions Medallion runs in: the local one's Hadoop configuration, and the small writers'. */
class SparkSessionsIT {
  @Test
  void aLocalSessionsJobsCarryNoneOfYarnsDefaults() {
    Configuration jobs = SharedSpark.session().sessionState().newHadoopConf();

    assertThat(keysFrom(jobs, YarnDefaults.SOURCE)).isEmpty();
    assertThat(keysFrom(jobs, "core-default.xml")).isNotEmpty();
    assertThat(jobs.get("fs.file.impl")).isEqualTo(ForklessLocalFileSystem.class.getName());
  }

  @Test
  void onlyTheDefaultsGoAValueSetForYarnStays() {
    Configuration conf = new Configuration(false);
    conf.addResource(YarnDefaults.SOURCE);
    conf.set("yarn.resourcemanager.hostname", "rm.example");
    int defaults = keysFrom(conf, YarnDefaults.SOURCE).size();

    int dropped = YarnDefaults.drop(conf);

    assertThat(dropped).isGreaterThan(100).isEqualTo(defaults);
    assertThat(keysFrom(conf, YarnDefaults.SOURCE)).isEmpty();
    assertThat(conf.get("yarn.resourcemanager.hostname")).isEqualTo("rm.example");
  }

  @Test
  void aCollectBoundedByALimitReadsEveryShufflePartitionInOneJob() {
    SparkSession spark = SharedSpark.session();
    String group = "bounded-collect-" + System.nanoTime();
    spark.sparkContext().setJobGroup(group, "a bounded collect", false);
    try {
      List<Row> rows =
          spark.range(0, 10_000, 1, 4).groupBy(col("id").mod(100).as("key")).count().limit(1_000).collectAsList();

      assertThat(rows).hasSize(100);
      assertThat(spark.sparkContext().statusTracker().getJobIdsForGroup(group)).hasSize(1);
    } finally {
      spark.sparkContext().clearJobGroup();
    }
  }

  @Test
  void smallWritesKeepOneFileOpenInASessionOfTheirOwn() {
    SparkSession spark = SharedSpark.session();

    SparkSession small = SparkSessions.forSmallWrites(spark);

    assertThat(small).isNotSameAs(spark);
    assertThat(small.conf().get("spark.sql.maxConcurrentOutputFileWriters")).isEqualTo("0");
    assertThat(spark.conf().get("spark.sql.maxConcurrentOutputFileWriters")).isEqualTo("64");
  }

  private static List<String> keysFrom(Configuration conf, String source) {
    List<String> keys = new ArrayList<>();
    for (Map.Entry<String, String> entry : conf) {
      String[] sources = conf.getPropertySources(entry.getKey());
      if (sources != null && Arrays.asList(sources).contains(source)) {
        keys.add(entry.getKey());
      }
    }
    return keys;
  }
}
