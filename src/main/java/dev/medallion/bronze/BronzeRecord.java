package dev.medallion.bronze;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.record.RecordBatch;

/**
 * The bronze row of one Kafka record, as the Parquet encoding reads it: the record, the source
 * system and the ingestion time. One instance is refilled for every record of a file.
 */
final class BronzeRecord {
  private ConsumerRecord<byte[], byte[]> record;
  private String sourceSystem;
  private long ingestedMicros;

  void set(ConsumerRecord<byte[], byte[]> record, String sourceSystem, long ingestedMicros) {
    this.record = record;
    this.sourceSystem = sourceSystem;
    this.ingestedMicros = ingestedMicros;
  }

  ConsumerRecord<byte[], byte[]> record() {
    return record;
  }

  String sourceSystem() {
    return sourceSystem;
  }

  long ingestedMicros() {
    return ingestedMicros;
  }

  /** The record's Kafka timestamp in microseconds; negative when the record carries none. */
  long timestampMicros() {
    return record.timestamp() == RecordBatch.NO_TIMESTAMP ? -1 : record.timestamp() * 1000;
  }
}
