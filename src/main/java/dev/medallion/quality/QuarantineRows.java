package dev.medallion.quality;

import static org.apache.spark.sql.functions.col;

import dev.medallion.ops.BatchValues;
import dev.medallion.spec.BronzeColumns;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The layout of a quarantine table: the raw payload, the record's bronze coordinates, every reason
 * it failed and when it was quarantined. Partitioned by ingestion date, like bronze.
 */
public final class QuarantineRows {
  public static final String REASONS = "reasons";
  public static final String QUARANTINED_AT = "quarantined_at";
  public static final List<String> PARTITION_COLUMNS = List.of(BronzeColumns.INGESTION_DATE);

  private QuarantineRows() {}

  /** Projects failed records (with a {@code reasons} column) onto the quarantine layout. */
  public static Dataset<Row> of(Dataset<Row> failed, Instant quarantinedAt) {
    List<Column> columns = new ArrayList<>();
    columns.add(col(BronzeColumns.EVENT_DATA));
    columns.add(col(BronzeColumns.KAFKA_KEY));
    for (String audit : BronzeColumns.VISIBLE_TO_SILVER) {
      columns.add(col(audit));
    }
    columns.add(col(REASONS));
    columns.add(BatchValues.timestamp(quarantinedAt).as(QUARANTINED_AT));
    return failed.select(columns.toArray(Column[]::new));
  }
}
