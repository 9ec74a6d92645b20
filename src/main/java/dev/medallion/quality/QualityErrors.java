package dev.medallion.quality;

import dev.medallion.spec.BronzeColumns;
import dev.medallion.spec.ErrorCode;
import dev.medallion.spec.MedallionException;
import org.apache.spark.sql.Row;

/** Builds the errors of quality rules that stop a stream. */
public final class QualityErrors {
  private static final int PAYLOAD_PREVIEW = 200;

  private QualityErrors() {}

  /** A rule with {@code on-fail: fail} was broken: names the table, batch, an example record. */
  public static MedallionException failRuleBroken(String table, long batchId, long count, Row example) {
    String payload = String.valueOf(example.<String>getAs(BronzeColumns.EVENT_DATA));
    if (payload.length() > PAYLOAD_PREVIEW) {
      payload = payload.substring(0, PAYLOAD_PREVIEW) + "...";
    }
    return new MedallionException(
        ErrorCode.QUALITY_FAILURE,
        String.format(
            "%s: %d record(s) of micro-batch %d broke a rule whose on-fail is 'fail', so the stream"
                + " stopped. First: %s partition %s offset %s, reasons %s, payload %s. Fix the"
                + " source data, or set the rule's on-fail to quarantine to keep the stream going.",
            table,
            count,
            batchId,
            example.getAs(BronzeColumns.KAFKA_TOPIC),
            example.getAs(BronzeColumns.KAFKA_PARTITION),
            example.getAs(BronzeColumns.KAFKA_OFFSET),
            example.getList(example.fieldIndex(QuarantineRows.REASONS)),
            payload));
  }
}
