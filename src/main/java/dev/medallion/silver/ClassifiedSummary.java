package dev.medallion.silver;

import static org.apache.spark.sql.functions.col;

import dev.medallion.spec.BronzeColumns;
import dev.medallion.spec.DedupSpec;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;

/**
 * What one classified batch holds, gathered in one pass over its rows (the pass that fills its
 * cache): how many rows, how many fail their rules, how many break a fail rule, the earliest and
 * average Kafka timestamp, the earliest {@code order-by} value of the valid rows, and, when the
 * table is deduplicated, the {@link KeyRows} of the valid rows. Before, the counts were a Spark
 * aggregate and the keys a second job reading the cached batch again.
 */
final class ClassifiedSummary {
  /** A partition's figures ahead of its packed keys: eight longs. */
  private static final int HEADER_BYTES = 8 * Long.BYTES;

  final long rows;
  final long failed;
  final long breakingFailRule;
  final Optional<Instant> earliestSource;
  final Optional<Instant> averageSource;
  final Optional<Instant> earliestValidOrder;
  /** The valid rows' keys; null when the table is not deduplicated. */
  final KeyRows validKeys;

  private ClassifiedSummary(List<byte[]> partitions, boolean keyed) {
    long rows = 0;
    long failed = 0;
    long breaking = 0;
    long sourceCount = 0;
    long minSource = Long.MAX_VALUE;
    long minOrder = Long.MAX_VALUE;
    // the average as an offset from the first partition's base, so the sum stays within a double's
    // precision where the timestamps' own sum (~10^21 microseconds a million rows) would not
    double sourceOffsets = 0;
    long base = 0;
    for (byte[] partition : partitions) {
      ByteBuffer header = ByteBuffer.wrap(partition, 0, HEADER_BYTES);
      rows += header.getLong();
      failed += header.getLong();
      breaking += header.getLong();
      long count = header.getLong();
      long partitionMin = header.getLong();
      long partitionBase = header.getLong();
      double partitionOffsets = header.getDouble();
      minOrder = Math.min(minOrder, header.getLong());
      if (count > 0) {
        if (sourceCount == 0) {
          base = partitionBase;
        }
        sourceOffsets += partitionOffsets + (double) (partitionBase - base) * count;
        sourceCount += count;
        minSource = Math.min(minSource, partitionMin);
      }
    }
    this.rows = rows;
    this.failed = failed;
    this.breakingFailRule = breaking;
    this.earliestSource = sourceCount == 0 ? Optional.empty() : Optional.of(instant(minSource));
    this.averageSource =
        sourceCount == 0
            ? Optional.empty()
            : Optional.of(
                Instant.ofEpochMilli(Math.round((base + sourceOffsets / sourceCount) / 1_000.0)));
    this.earliestValidOrder = minOrder == Long.MAX_VALUE ? Optional.empty() : Optional.of(instant(minOrder));
    this.validKeys = keyed ? KeyRows.unpack(partitions, HEADER_BYTES) : null;
  }

  /**
   * Runs the pass over {@code classified} (which has {@link SilverParser#classify}'s columns);
   * {@code failed} is the condition of a row that goes to quarantine.
   */
  static ClassifiedSummary of(Dataset<Row> classified, Column failed, Optional<DedupSpec> dedup) {
    List<Column> columns = new ArrayList<>();
    columns.add(failed);
    columns.add(col(SilverParser.BREAKS_FAIL_RULE));
    columns.add(col(BronzeColumns.KAFKA_TIMESTAMP));
    dedup.ifPresent(keys -> columns.addAll(List.of(KeyRows.columns(keys))));
    List<byte[]> partitions =
        classified
            .select(columns.toArray(Column[]::new))
            .queryExecution()
            .toRdd()
            .toJavaRDD()
            .mapPartitions(new Summing(dedup.isPresent()))
            .collect();
    return new ClassifiedSummary(partitions, dedup.isPresent());
  }

  private static Instant instant(long micros) {
    return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
  }

  /**
   * Runs on the executors: one array per partition, its figures then its valid rows' keys. A NULL
   * verdict counts as false, as the aggregates it replaces counted it.
   */
  private static final class Summing implements FlatMapFunction<Iterator<InternalRow>, byte[]> {
    private static final long serialVersionUID = 1L;
    private static final int KEYS_FROM = 3;
    private static final int ORDER = KEYS_FROM + KeyRows.ORDER_COLUMN;

    private final boolean keyed;

    Summing(boolean keyed) {
      this.keyed = keyed;
    }

    @Override
    public Iterator<byte[]> call(Iterator<InternalRow> input) {
      long rows = 0;
      long failed = 0;
      long breaking = 0;
      long sourceCount = 0;
      long minSource = Long.MAX_VALUE;
      long base = 0;
      double offsets = 0;
      long minOrder = Long.MAX_VALUE;
      KeyRows.Packing keys = keyed ? new KeyRows.Packing(HEADER_BYTES) : null;
      while (input.hasNext()) {
        InternalRow row = input.next();
        rows++;
        if (!row.isNullAt(1) && row.getBoolean(1)) {
          breaking++;
        }
        if (!row.isNullAt(2)) {
          long source = row.getLong(2);
          if (sourceCount++ == 0) {
            base = source;
          }
          minSource = Math.min(minSource, source);
          offsets += source - base;
        }
        if (!row.isNullAt(0) && row.getBoolean(0)) {
          failed++;
        } else if (keyed) {
          if (!row.isNullAt(ORDER)) {
            minOrder = Math.min(minOrder, row.getLong(ORDER));
          }
          keys.add(row, KEYS_FROM);
        }
      }
      byte[] partition = keyed ? keys.bytes() : new byte[HEADER_BYTES];
      ByteBuffer.wrap(partition)
          .putLong(rows)
          .putLong(failed)
          .putLong(breaking)
          .putLong(sourceCount)
          .putLong(minSource)
          .putLong(base)
          .putDouble(offsets)
          .putLong(minOrder);
      return List.of(partition).iterator();
    }
  }
}
