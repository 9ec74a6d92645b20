package dev.medallion.ops;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.min;

import dev.medallion.spec.BronzeColumns;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;

/**
 * The Kafka timestamps of a micro-batch's rows (earliest and average), aggregated alongside other
 * counts, from which {@link BatchMetrics} derives latency.
 */
public final class SourceTimes {
  private SourceTimes() {}

  /** Two aggregate columns: the earliest and the average Kafka timestamp. */
  public static Column[] aggregates() {
    return new Column[] {
      min(BronzeColumns.KAFKA_TIMESTAMP), avg(col(BronzeColumns.KAFKA_TIMESTAMP).cast("double"))
    };
  }

  /** The earliest timestamp, read from the first of the two aggregates at {@code index}. */
  public static Optional<Instant> earliest(Row row, int index) {
    return Optional.ofNullable((Timestamp) row.get(index)).map(Timestamp::toInstant);
  }

  /** The average timestamp, read from the second of the two aggregates at {@code index}. */
  public static Optional<Instant> average(Row row, int index) {
    return Optional.ofNullable((Number) row.get(index))
        .map(seconds -> Instant.ofEpochMilli(Math.round(seconds.doubleValue() * 1000)));
  }
}
