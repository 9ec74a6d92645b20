package dev.medallion.bronze;

import dev.medallion.spec.ErrorCode;
import dev.medallion.spec.MedallionException;
import java.util.Collection;

/** Builds the errors that stop a bronze table's ingestion, each saying what to do. */
final class BronzeErrors {
  private BronzeErrors() {}

  /** Another writer committed offsets of a partition since this ingester last looked. */
  static MedallionException concurrentIngestion(
      String table, String topic, int partition, long expected, long found) {
    return new MedallionException(
        ErrorCode.PIPELINE_FAILED,
        String.format(
            "%s: another process is ingesting %s into this table (partition %d is committed up to"
                + " offset %s, this run expected %s). Stop the other run (one `medallion run` per"
                + " home folder or table location), then start again; nothing was committed twice.",
            table, topic, partition, describe(found), describe(expected)));
  }

  /** Kafka no longer holds the records of a partition the table needs next. */
  static MedallionException recordsGone(String table, String topic, Collection<?> partitions, Throwable cause) {
    return new MedallionException(
        ErrorCode.PIPELINE_FAILED,
        String.format(
            "%s: Kafka no longer holds the next records of %s (partitions %s): they were deleted by"
                + " the topic's retention before they were ingested, or the topic was recreated."
                + " Records between the table's last offsets and the topic's earliest are lost to"
                + " bronze. To go on from what Kafka still has, ingest into a new table (a new"
                + " bronze table name or --home).",
            table, topic, partitions),
        cause);
  }

  /** The table holds rows whose Kafka offsets it does not record (an earlier Medallion's table). */
  static MedallionException rowsWithoutOffsets(String table, String location) {
    return new MedallionException(
        ErrorCode.PIPELINE_FAILED,
        String.format(
            "%s at %s holds rows but records no ingested Kafka offsets: it was written by an earlier"
                + " version of Medallion, whose streams read Kafka themselves. Ingesting into it"
                + " would duplicate its records. Use a new --home (or storage location), or delete"
                + " the home's tables and checkpoints to build them again from the topics.",
            table, location));
  }

  /** The table's settings ask for something the ingester does not write. */
  static MedallionException unsupportedTable(String table, String reason) {
    return new MedallionException(
        ErrorCode.PIPELINE_FAILED,
        String.format(
            "%s: bronze tables are written by Medallion's ingester, which does not support %s."
                + " Remove that setting from the bronze table's table-properties.",
            table, reason));
  }

  private static String describe(long offset) {
    return offset < 0 ? "none" : String.valueOf(offset);
  }
}
