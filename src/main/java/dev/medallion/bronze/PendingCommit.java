package dev.medallion.bronze;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.spark.sql.delta.actions.AddFile;

/**
 * One writer's records of the commit being filled: written into files as they arrive (one open
 * file per ingestion date; a file is written out once it holds {@code rowsPerFile} rows, and the
 * next rows go to a new one), with the next offset of each partition and the Kafka timestamps the
 * commit's metrics need.
 */
final class PendingCommit {
  private final Function<LocalDate, BronzeFile> newFile;
  private final String sourceSystem;
  private final long rowsPerFile;
  private final Map<LocalDate, BronzeFile> open = new LinkedHashMap<>();
  /** Every file, in the order they were created: a partition's offsets grow along it. */
  private final List<BronzeFile> files = new ArrayList<>();
  /**
   * The actions of the files written already, the first of {@link #files}: a full file is written
   * at once, so its buffers serve the next file instead of living until the seal, unless a file
   * created before it is still being filled (files are written in the order they were created).
   */
  private final List<AddFile> written = new ArrayList<>();
  private final Map<Integer, Long> nextOffsets = new HashMap<>();
  private long rows;
  private long timestamps;
  /** Timestamps summed relative to the first one, which keeps the sum far from overflow. */
  private long timestampBase;
  private long timestampSum;
  private long timestampMin = Long.MAX_VALUE;

  /** @param newFile creates a file in the partition of a date */
  PendingCommit(Function<LocalDate, BronzeFile> newFile, String sourceSystem, long rowsPerFile) {
    this.newFile = newFile;
    this.sourceSystem = sourceSystem;
    this.rowsPerFile = rowsPerFile;
  }

  /** Writes {@code records}, ingested at {@code ingestedAt}. */
  void add(List<ConsumerRecord<ByteBuffer, ByteBuffer>> records, Instant ingestedAt) {
    if (records.isEmpty()) {
      return;
    }
    LocalDate date = ingestedAt.atOffset(ZoneOffset.UTC).toLocalDate();
    long micros = Math.addExact(Math.multiplyExact(ingestedAt.getEpochSecond(), 1_000_000L), ingestedAt.getNano() / 1_000);
    BronzeFile file = fileFor(date);
    // A poll's records come partition by partition: a partition's next offset is kept where its
    // run of records ends, not at every record.
    int partition = records.get(0).partition();
    long lastOffset = -1;
    for (ConsumerRecord<ByteBuffer, ByteBuffer> record : records) {
      if (file.rows() >= rowsPerFile) {
        file = fileFor(date);
      }
      file.add(record, sourceSystem, micros);
      if (record.partition() != partition) {
        nextOffsets.put(partition, lastOffset + 1);
        partition = record.partition();
      }
      lastOffset = record.offset();
      if (record.timestamp() >= 0) {
        if (timestamps++ == 0) {
          timestampBase = record.timestamp();
        }
        timestampSum += record.timestamp() - timestampBase;
        timestampMin = Math.min(timestampMin, record.timestamp());
      }
    }
    nextOffsets.put(partition, lastOffset + 1);
    rows += records.size();
  }

  /** The open file of {@code date}'s partition with room for a row, a new one if none has. */
  private BronzeFile fileFor(LocalDate date) {
    BronzeFile file = open.get(date);
    if (file == null || file.rows() >= rowsPerFile) {
      writeFullFiles();
      file = newFile.apply(date);
      open.put(date, file);
      files.add(file);
    }
    return file;
  }

  /** Records written so far. */
  long rows() {
    return rows;
  }

  /** The next offset to read of each partition the records came from. */
  Map<Integer, Long> nextOffsets() {
    return Map.copyOf(nextOffsets);
  }

  /**
   * Writes the files not written yet, in the order they were created, and returns the actions
   * adding every file in that order: a reader taking the files by their order in the commit, or by
   * modification time and name (Delta's streaming source on a table's first snapshot), meets each
   * partition's records in offset order.
   */
  List<AddFile> finish() {
    while (written.size() < files.size()) {
      written.add(files.get(written.size()).finish(sourceSystem));
    }
    List<AddFile> added = List.copyOf(written);
    clear();
    return added;
  }

  /** Writes the full files that follow those written, up to the first file not full. */
  private void writeFullFiles() {
    while (written.size() < files.size() && files.get(written.size()).rows() >= rowsPerFile) {
      written.add(files.get(written.size()).finish(sourceSystem));
    }
  }

  /** Closes and deletes every file, written or not (nothing of them was committed). */
  void abandon() {
    files.forEach(BronzeFile::abandon);
    clear();
  }

  private void clear() {
    files.clear();
    open.clear();
    written.clear();
  }

  /** The Kafka timestamps of the records written. */
  KafkaTimes times() {
    return timestamps == 0
        ? KafkaTimes.NONE
        : new KafkaTimes(timestamps, timestampMin, timestampBase + (double) timestampSum / timestamps);
  }
}
