package dev.medallion.quality;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.timestamp_micros;
import static org.assertj.core.api.Assertions.assertThat;

import dev.medallion.spec.RuleAction;
import dev.medallion.spec.RuleSpec;
import dev.medallion.testing.SharedSpark;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** A freshness rule's bounds to the microsecond, both included, and NULL on either side passing. */
class FreshnessRuleIT {
  private static final long REFERENCE = 1_764_892_800_123_456L; // 2025-12-05T00:00:00.123456Z
  private static final long DAY = 86_400_000_000L;
  private static final long MINUTE = 60_000_000L;

  @Test
  void passesFromMaxAgeBeforeTheReferenceToMaxAheadAfterIt() {
    RuleSpec.Freshness rule =
        new RuleSpec.Freshness("fresh", "event_time", "reference", Duration.ofDays(7), Duration.ofMinutes(5),
            RuleAction.QUARANTINE);
    List<Row> rows = new ArrayList<>();
    rows.add(RowFactory.create("oldest kept", REFERENCE - 7 * DAY, REFERENCE));
    rows.add(RowFactory.create("too old", REFERENCE - 7 * DAY - 1, REFERENCE));
    rows.add(RowFactory.create("at the reference", REFERENCE, REFERENCE));
    rows.add(RowFactory.create("furthest ahead kept", REFERENCE + 5 * MINUTE, REFERENCE));
    rows.add(RowFactory.create("too far ahead", REFERENCE + 5 * MINUTE + 1, REFERENCE));
    rows.add(RowFactory.create("no event time", null, REFERENCE));
    rows.add(RowFactory.create("no reference", REFERENCE - 30 * DAY, null));
    StructType schema =
        new StructType()
            .add("case", DataTypes.StringType)
            .add("event_micros", DataTypes.LongType, true)
            .add("reference_micros", DataTypes.LongType, true);

    List<Row> verdicts =
        SharedSpark.session()
            .createDataFrame(rows, schema)
            .select(
                col("case"),
                timestamp_micros(col("event_micros")).as("event_time"),
                timestamp_micros(col("reference_micros")).as("reference"))
            .select(col("case"), QualityVerdict.passes(rule))
            .collectAsList();

    assertThat(verdicts)
        .extracting(row -> row.getString(0) + " " + row.getBoolean(1))
        .containsExactly(
            "oldest kept true",
            "too old false",
            "at the reference true",
            "furthest ahead kept true",
            "too far ahead false",
            "no event time true",
            "no reference true");
  }
}
