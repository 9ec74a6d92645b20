package dev.medallion.spec;

import java.util.List;

/**
 * The fixed layout of every bronze table: the payload as received plus audit columns. Silver
 * expressions may refer to the audit columns listed in {@link #VISIBLE_TO_SILVER}.
 */
public final class BronzeColumns {
  /** The record value exactly as received (the bytes, verbatim, even when not valid UTF-8). */
  public static final String EVENT_DATA = "event_data";

  public static final String KAFKA_KEY = "kafka_key";
  public static final String KAFKA_TOPIC = "kafka_topic";
  public static final String KAFKA_PARTITION = "kafka_partition";
  public static final String KAFKA_OFFSET = "kafka_offset";
  public static final String KAFKA_TIMESTAMP = "kafka_timestamp";
  public static final String SOURCE_SYSTEM = "source_system";
  public static final String INGESTION_TIMESTAMP = "ingestion_timestamp";
  public static final String INGESTION_DATE = "ingestion_date";

  /** Bronze columns carried into silver and quarantine rows (the record's bronze coordinates). */
  public static final List<String> VISIBLE_TO_SILVER =
      List.of(
          INGESTION_TIMESTAMP,
          INGESTION_DATE,
          SOURCE_SYSTEM,
          KAFKA_TOPIC,
          KAFKA_PARTITION,
          KAFKA_OFFSET,
          KAFKA_TIMESTAMP);

  private BronzeColumns() {}
}
