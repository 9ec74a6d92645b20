package dev.medallion.silver;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import dev.medallion.testing.SharedSpark;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;
import org.junit.jupiter.api.Test;

/**
 * The filter that drops a batch's duplicates by bronze position: a row goes only where partition,
 * offset and topic all match a removed position (the same offset on another partition or topic
 * stays), and the topic hash it compares is the one Spark's {@code hash} gave the key rows.
 */
class RemovedPositionsIT {
  private static final StructType BRONZE =
      new StructType()
          .add("kafka_topic", DataTypes.StringType, false)
          .add("kafka_partition", DataTypes.IntegerType, false)
          .add("kafka_offset", DataTypes.LongType, false);

  @Test
  void dropsExactlyTheRowsAtRemovedPositions() {
    List<Row> rows = new ArrayList<>();
    for (long offset = 0; offset < 2_000; offset++) {
      rows.add(RowFactory.create("events.raw.v1", (int) (offset % 3), offset));
      rows.add(RowFactory.create("other", (int) (offset % 3), offset));
    }
    Dataset<Row> bronze = SharedSpark.session().createDataFrame(rows, BRONZE).repartition(2);
    int events = hashOf(bronze, "events.raw.v1");
    RemovedPositions removed = new RemovedPositions(3);
    removed.add(1, 7, events);
    removed.add(0, 1_998, events);
    removed.add(2, 5, events + 1); // no topic has this hash
    removed.add(0, 3, hashOf(bronze, "other"));

    List<String> dropped =
        bronze.except(bronze.filter(removed.keeps())).collectAsList().stream()
            .map(r -> r.getString(0) + "@" + r.getInt(1) + ":" + r.getLong(2))
            .sorted()
            .collect(Collectors.toList());

    assertThat(dropped).containsExactly("events.raw.v1@0:1998", "events.raw.v1@1:7", "other@0:3");
    assertThat(removed.size()).isEqualTo(4);
  }

  @Test
  void hashesATopicAsSparkHashDoes() {
    List<Row> rows = new ArrayList<>();
    for (String topic : List.of("events.raw.v1", "customers.raw.v1", "", "ünïcode-tōpic", "x".repeat(300))) {
      rows.add(RowFactory.create(topic, 0, 0L));
    }
    for (Row row : SharedSpark.session().createDataFrame(rows, BRONZE).select(col("kafka_topic"), KeyRows.topicHash()).collectAsList()) {
      assertThat(RemovedPositions.topicHash(UTF8String.fromString(row.getString(0)))).as(row.getString(0)).isEqualTo(row.getInt(1));
    }
  }

  private static int hashOf(Dataset<Row> bronze, String topic) {
    return bronze.filter(col("kafka_topic").equalTo(topic)).select(KeyRows.topicHash()).first().getInt(0);
  }
}
