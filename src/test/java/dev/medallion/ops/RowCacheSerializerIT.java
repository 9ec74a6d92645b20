package dev.medallion.ops;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.assertj.core.api.Assertions.assertThat;

import dev.medallion.testing.SharedSpark;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.RDDInfo;
import org.apache.spark.storage.StorageLevel;
import org.junit.jupiter.api.Test;

/** Cached micro-batches kept as rows: every value read back as written, whole or in part. */
class RowCacheSerializerIT {
  /** Rows of every kind of value the pipeline caches, ~11 MB in all: more than one cached batch. */
  private static Dataset<Row> rows(SparkSession spark) {
    return spark
        .range(0, 30_000, 1, 2)
        .select(
            col("id"),
            expr("IF(id % 7 = 0, NULL, repeat(CAST(id AS STRING), 30))").as("text"),
            expr("CAST(id AS DOUBLE) / 3").as("ratio"),
            expr("CAST(id AS DECIMAL(18,2)) / 100").as("amount"),
            expr("TIMESTAMP_SECONDS(id)").as("at"),
            expr("map('k', CAST(id AS STRING), 'n', IF(id % 2 = 0, NULL, 'odd'))").as("props"),
            expr("array(id, id + 1)").as("pair"),
            expr("named_struct('a', id % 3 = 0, 'b', 'x')").as("nested"));
  }

  @Test
  void theSessionCachesRows() {
    assertThat(SharedSpark.session().conf().get("spark.sql.cache.serializer"))
        .isEqualTo(RowCacheSerializer.class.getName());
  }

  @Test
  void everyValueIsReadBackInMemory() {
    assertReadBack(StorageLevel.MEMORY_ONLY());
  }

  @Test
  void everyValueIsReadBackFromDisk() {
    assertReadBack(StorageLevel.DISK_ONLY());
  }

  @Test
  void aBatchIsCountedInMemoryAtItsOwnSizeWhateverThePoolHolds() {
    SparkSession spark = SharedSpark.session();
    for (int i = 0; i < 8; i++) {
      CacheBlocks.ROW_CACHE.give(new byte[CacheBlocks.ROW_CACHE.blockBytes()]);
    }
    List<Integer> cachedBefore = Arrays.stream(spark.sparkContext().getRDDStorageInfo()).map(RDDInfo::id).toList();
    Dataset<Row> cached = rows(spark).persist(StorageLevel.MEMORY_AND_DISK());
    try {
      assertThat(cached.count()).isEqualTo(30_000);

      // this batch's, whatever other tests of the session left cached
      List<RDDInfo> added =
          Arrays.stream(spark.sparkContext().getRDDStorageInfo()).filter(i -> !cachedBefore.contains(i.id())).toList();
      assertThat(added).hasSize(1);
      RDDInfo info = added.get(0);
      assertThat(info.numCachedPartitions()).isEqualTo(2);
      assertThat(info.diskSize()).isZero();
      assertThat(info.memSize()).isBetween(8L << 20, 14L << 20); // the rows: ~11 MB in blocks of 4 MB
    } finally {
      cached.unpersist(true);
    }
  }

  @Test
  void aBatchDroppedFromMemoryGivesItsBlocksToTheNext() {
    SparkSession spark = SharedSpark.session();
    CacheBlocks blocks = CacheBlocks.ROW_CACHE;
    List<Row> expected = rows(spark).orderBy("id").collectAsList();
    // one partition, one task: no other task takes or gives blocks between the counts
    Dataset<Row> first = rows(spark).coalesce(1).persist(StorageLevel.MEMORY_ONLY());
    assertThat(first.count()).isEqualTo(30_000);
    long whileCached = blocks.kept();

    first.unpersist(true);
    long dropped = blocks.kept();
    long madeBefore = blocks.made();
    Dataset<Row> second = rows(spark).coalesce(1).persist(StorageLevel.MEMORY_ONLY());
    try {
      assertThat(second.count()).isEqualTo(30_000);

      // the rows' ~11 MB: two full blocks, and one more than half full (at least: a batch another
      // test unpersisted without waiting may give its blocks back meanwhile)
      assertThat(dropped - whileCached).isGreaterThanOrEqualTo(3);
      assertThat(blocks.made()).isEqualTo(madeBefore);
      assertThat(second.orderBy("id").collectAsList()).isEqualTo(expected);
    } finally {
      second.unpersist(true);
    }
  }

  private static void assertReadBack(StorageLevel level) {
    SparkSession spark = SharedSpark.session();
    List<Row> expected = rows(spark).orderBy("id").collectAsList();
    Dataset<Row> cached = rows(spark).persist(level);
    try {
      assertThat(cached.count()).isEqualTo(30_000);
      assertThat(cached.storageLevel()).isEqualTo(level);

      assertThat(cached.orderBy("id").collectAsList()).isEqualTo(expected);
      assertThat(
              cached
                  .filter(col("id").mod(1000).equalTo(1))
                  .select(col("props"), col("text"), col("id"))
                  .orderBy("id")
                  .collectAsList())
          .isEqualTo(
              rows(spark)
                  .filter(col("id").mod(1000).equalTo(1))
                  .select(col("props"), col("text"), col("id"))
                  .orderBy("id")
                  .collectAsList());
    } finally {
      cached.unpersist(true);
    }
  }
}
