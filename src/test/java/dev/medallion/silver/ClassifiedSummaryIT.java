package dev.medallion.silver;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.size;
import static org.assertj.core.api.Assertions.assertThat;

import dev.medallion.spec.DedupSpec;
import dev.medallion.testing.SharedSpark;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * A classified batch's figures gathered in one pass over partitions, against what Spark's own
 * aggregates and a separate key collection give for the same rows: counts, the NULL verdicts
 * counted as false, Kafka timestamps with NULLs among them, the earliest order value of the valid
 * rows only, and the valid rows' keys.
 */
class ClassifiedSummaryIT {
  private static final StructType CLASSIFIED =
      new StructType()
          .add("event_id", DataTypes.StringType, true)
          .add("event_time", DataTypes.TimestampType, true)
          .add("kafka_topic", DataTypes.StringType, false)
          .add("kafka_partition", DataTypes.IntegerType, false)
          .add("kafka_offset", DataTypes.LongType, false)
          .add("kafka_timestamp", DataTypes.TimestampType, true)
          .add("reasons", DataTypes.createArrayType(DataTypes.StringType), false)
          .add(SilverParser.BREAKS_FAIL_RULE, DataTypes.BooleanType, true);
  private static final DedupSpec DEDUP = new DedupSpec(List.of("event_id"), "event_time", Duration.ofDays(30));
  private static final Column FAILED = size(col("reasons")).gt(0);

  @Test
  void givesTheFiguresOfSparkAggregatesAndTheValidRowsKeysInOnePass() {
    Dataset<Row> classified = classified().repartition(3);

    ClassifiedSummary summary = ClassifiedSummary.of(classified, FAILED, Optional.of(DEDUP));

    Row expected =
        classified
            .selectExpr(
                "count(*)",
                "count_if(size(reasons) > 0)",
                "count_if(" + SilverParser.BREAKS_FAIL_RULE + ")",
                "min(kafka_timestamp)",
                "avg(CAST(kafka_timestamp AS DOUBLE))",
                "min(CASE WHEN size(reasons) = 0 THEN event_time END)")
            .first();
    assertThat(summary.rows).isEqualTo(expected.getLong(0)).isEqualTo(8);
    assertThat(summary.failed).isEqualTo(expected.getLong(1)).isEqualTo(3);
    assertThat(summary.breakingFailRule).isEqualTo(expected.getLong(2)).isEqualTo(1);
    assertThat(summary.earliestSource).contains(expected.getTimestamp(3).toInstant());
    assertThat(summary.averageSource)
        .contains(Instant.ofEpochMilli(Math.round(expected.getDouble(4) * 1000)));
    assertThat(summary.earliestValidOrder)
        .contains(expected.getTimestamp(5).toInstant())
        .contains(Instant.parse("2026-11-20T00:00:00.000123Z"));
    assertThat(describe(summary.validKeys))
        .containsExactlyInAnyOrderElementsOf(
            describe(KeyRows.collect(classified.filter(FAILED.unary_$bang()), DEDUP)));
    assertThat(summary.validKeys.size).isEqualTo(5);
  }

  @Test
  void gathersNoKeysWithoutDeduplicationAndNoTimesWithoutRows() {
    ClassifiedSummary summary = ClassifiedSummary.of(classified(), FAILED, Optional.empty());
    assertThat(summary.validKeys).isNull();
    assertThat(summary.earliestValidOrder).isEmpty();
    assertThat(summary.rows).isEqualTo(8);

    ClassifiedSummary empty = ClassifiedSummary.of(classified().limit(0), FAILED, Optional.of(DEDUP));
    assertThat(empty.rows).isZero();
    assertThat(empty.earliestSource).isEmpty();
    assertThat(empty.averageSource).isEmpty();
    assertThat(empty.validKeys.size).isZero();
  }

  private static Dataset<Row> classified() {
    List<Row> rows = new ArrayList<>();
    rows.add(row("a", "2026-11-20T00:00:00.000123Z", 0, 1, "2026-12-01T10:00:00.250Z", List.of(), false));
    rows.add(row("b", "2026-11-25T00:00:00Z", 0, 2, "2026-12-01T10:00:01.500Z", List.of(), null));
    rows.add(row("a", "2026-11-21T00:00:00Z", 1, 3, null, List.of(), false));
    rows.add(row(null, "2026-11-22T00:00:00Z", 1, 4, "2026-12-01T10:00:02.125Z", List.of(), false));
    rows.add(row("c", null, 1, 5, "2026-12-01T10:00:03Z", List.of(), false));
    // quarantined rows: the earliest order value and the earliest Kafka time, which only the
    // latter counts
    rows.add(row("q", "2026-10-01T00:00:00Z", 0, 6, "2026-12-01T09:59:59.999Z", List.of("bad"), true));
    rows.add(row("r", "2026-10-02T00:00:00Z", 0, 7, "2026-12-01T10:00:05Z", List.of("bad"), false));
    rows.add(row("s", "2026-10-03T00:00:00Z", 1, 8, "2026-12-01T10:00:06Z", List.of("bad", "worse"), null));
    return SharedSpark.session().createDataFrame(rows, CLASSIFIED);
  }

  private static Row row(
      String id, String time, int partition, long offset, String kafkaTime, List<String> reasons, Boolean breaks) {
    return RowFactory.create(
        id,
        time == null ? null : Timestamp.from(Instant.parse(time)),
        "events",
        partition,
        offset,
        kafkaTime == null ? null : Timestamp.from(Instant.parse(kafkaTime)),
        reasons,
        breaks);
  }

  private static List<String> describe(KeyRows keys) {
    List<String> rows = new ArrayList<>();
    for (int i = 0; i < keys.size; i++) {
      rows.add(
          keys.high[i] + "/" + keys.low[i] + "/" + keys.nullKey[i] + "/" + keys.order[i] + "@"
              + keys.partition[i] + ":" + keys.offset[i] + "/" + keys.topic[i]);
    }
    return rows;
  }
}
