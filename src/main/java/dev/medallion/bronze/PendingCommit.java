package dev.medallion.bronze;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.spark.sql.delta.actions.AddFile;

/**
 * The records read since the ingester's last commit: written into files as they arrive (one open
 * file per ingestion date, a new one after {@code rowsPerFile} rows), with the next offset of each
 * partition and the Kafka timestamps the batch's metrics need.
 */
final class PendingCommit {
  private final Function<LocalDate, BronzeFile> newFile;
  private final String sourceSystem;
  private final long rowsPerFile;
  private final Instant startedAt;
  private final Map<LocalDate, BronzeFile> open = new LinkedHashMap<>();
  private final List<BronzeFile> full = new ArrayList<>();
  private final Map<Integer, Long> nextOffsets = new HashMap<>();
  private long rows;
  private long timestamps;
  /** Timestamps summed relative to the first one, which keeps the sum far from overflow. */
  private long timestampBase;
  private long timestampSum;
  private long timestampMin = Long.MAX_VALUE;

  /**
   * @param newFile creates a file in the partition of a date
   * @param startedAt when the ingester began on these records (for the batch's metrics)
   */
  PendingCommit(Function<LocalDate, BronzeFile> newFile, String sourceSystem, long rowsPerFile, Instant startedAt) {
    this.newFile = newFile;
    this.sourceSystem = sourceSystem;
    this.rowsPerFile = rowsPerFile;
    this.startedAt = startedAt;
  }

  /** Writes {@code records}, ingested at {@code ingestedAt}. */
  void add(List<ConsumerRecord<byte[], byte[]>> records, Instant ingestedAt) {
    LocalDate date = ingestedAt.atOffset(ZoneOffset.UTC).toLocalDate();
    long micros = Math.addExact(Math.multiplyExact(ingestedAt.getEpochSecond(), 1_000_000L), ingestedAt.getNano() / 1_000);
    for (ConsumerRecord<byte[], byte[]> record : records) {
      BronzeFile file = open.get(date);
      if (file == null) {
        file = newFile.apply(date);
        open.put(date, file);
      }
      file.add(record, sourceSystem, micros);
      if (file.rows() >= rowsPerFile) {
        full.add(open.remove(date));
      }
      nextOffsets.put(record.partition(), record.offset() + 1);
      if (record.timestamp() >= 0) {
        if (timestamps++ == 0) {
          timestampBase = record.timestamp();
        }
        timestampSum += record.timestamp() - timestampBase;
        timestampMin = Math.min(timestampMin, record.timestamp());
      }
      rows++;
    }
  }

  /** Records written so far. */
  long rows() {
    return rows;
  }

  /** When the ingester began on these records. */
  Instant startedAt() {
    return startedAt;
  }

  /** The next offset to read of each partition the records came from. */
  Map<Integer, Long> nextOffsets() {
    return Map.copyOf(nextOffsets);
  }

  /** Closes every file; returns the actions adding them. */
  List<AddFile> finish() {
    List<AddFile> added = new ArrayList<>();
    full.addAll(open.values());
    open.clear();
    for (BronzeFile file : full) {
      added.add(file.finish(sourceSystem));
    }
    full.clear();
    return added;
  }

  /** Closes and deletes every file (nothing of them was committed). */
  void abandon() {
    full.addAll(open.values());
    open.clear();
    full.forEach(BronzeFile::abandon);
    full.clear();
  }

  /** What the commit holds, for its metrics. */
  IngestedBatch summary() {
    Optional<Instant> earliest = timestamps > 0 ? Optional.of(Instant.ofEpochMilli(timestampMin)) : Optional.empty();
    Optional<Instant> average =
        timestamps > 0 ? Optional.of(Instant.ofEpochMilli(timestampBase + Math.round((double) timestampSum / timestamps))) : Optional.empty();
    return new IngestedBatch(rows, startedAt, earliest, average);
  }
}
