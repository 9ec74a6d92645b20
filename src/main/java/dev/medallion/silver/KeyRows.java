package dev.medallion.silver;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.hash;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.unix_micros;
import static org.apache.spark.sql.functions.xxhash64;

import dev.medallion.spec.BronzeColumns;
import dev.medallion.spec.DedupSpec;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;

/**
 * The deduplication view of some rows, brought to the driver: per row a 128-bit fingerprint of its
 * business key (two 64-bit xxHash values with different seeds, NULLs marked so {@code (NULL, 'a')}
 * and {@code ('a', NULL)} differ; Spark's hash treats -0.0 as 0.0, as grouping does), whether a
 * key column is NULL, its {@code order-by} value in microseconds and its bronze position. Packed
 * per partition into one byte array, 41 bytes a row, so a million rows cross to the driver as two
 * arrays instead of a million {@link Row}s.
 */
final class KeyRows {
  /** {@link #order} of a row whose {@code order-by} value is NULL. */
  static final long NO_ORDER = Long.MIN_VALUE;

  /** Where among {@link #columns} the order value in microseconds stands. */
  static final int ORDER_COLUMN = 3;

  private static final int ROW_BYTES = 8 + 8 + 1 + 8 + 4 + 8 + 4;

  final int size;
  final long[] high;
  final long[] low;
  final boolean[] nullKey;
  final long[] order;
  final int[] partition;
  final long[] offset;
  final int[] topic;

  KeyRows(int size) {
    this.size = size;
    high = new long[size];
    low = new long[size];
    nullKey = new boolean[size];
    order = new long[size];
    partition = new int[size];
    offset = new long[size];
    topic = new int[size];
  }

  /** The key rows of {@code rows} (which have the dedup keys, order-by and bronze coordinates). */
  static KeyRows collect(Dataset<Row> rows, DedupSpec dedup) {
    Dataset<Row> keyColumns = rows.select(columns(dedup));
    // Spark's internal rows, not Rows made from each of them by the Dataset's encoder
    List<byte[]> packed = keyColumns.queryExecution().toRdd().toJavaRDD().mapPartitions(new Packer()).collect();
    return unpack(packed, 0);
  }

  /**
   * The columns a row's key is packed from, in the order {@link Packing#add}
   * reads them: the fingerprint's two halves, whether a key is NULL, the order value in
   * microseconds, and the bronze position.
   */
  static Column[] columns(DedupSpec dedup) {
    List<Column> parts = new ArrayList<>();
    Column anyNull = lit(false);
    for (String key : dedup.keys()) {
      parts.add(col(key).isNull());
      parts.add(col(key));
      anyNull = anyNull.or(col(key).isNull());
    }
    List<Column> high = new ArrayList<>(List.of(lit("medallion-dedup-high")));
    high.addAll(parts);
    List<Column> low = new ArrayList<>(List.of(lit("medallion-dedup-low")));
    low.addAll(parts);
    return new Column[] {
      xxhash64(high.toArray(Column[]::new)),
      xxhash64(low.toArray(Column[]::new)),
      anyNull,
      unix_micros(col(dedup.orderBy()).cast("timestamp")),
      col(BronzeColumns.KAFKA_PARTITION),
      col(BronzeColumns.KAFKA_OFFSET),
      topicHash()
    };
  }

  /** The value rows carry in place of their topic: positions compare topics by this hash. */
  static Column topicHash() {
    return hash(col(BronzeColumns.KAFKA_TOPIC));
  }

  /** Whether row {@code a} comes before row {@code b} in bronze (partition, offset, topic). */
  boolean before(int a, int b) {
    if (partition[a] != partition[b]) {
      return partition[a] < partition[b];
    }
    if (offset[a] != offset[b]) {
      return offset[a] < offset[b];
    }
    return topic[a] < topic[b];
  }

  /** The rows packed by {@link Packing}s, one array each, in order, each after {@code reserved} bytes. */
  static KeyRows unpack(List<byte[]> packed, int reserved) {
    int size = 0;
    for (byte[] part : packed) {
      size += (part.length - reserved) / ROW_BYTES;
    }
    KeyRows rows = new KeyRows(size);
    int i = 0;
    for (byte[] part : packed) {
      ByteBuffer buffer = ByteBuffer.wrap(part, reserved, part.length - reserved);
      while (buffer.hasRemaining()) {
        rows.high[i] = buffer.getLong();
        rows.low[i] = buffer.getLong();
        rows.nullKey[i] = buffer.get() != 0;
        rows.order[i] = buffer.getLong();
        rows.partition[i] = buffer.getInt();
        rows.offset[i] = buffer.getLong();
        rows.topic[i] = buffer.getInt();
        i++;
      }
    }
    return rows;
  }

  /** Key rows packed into one growing array, on the executors. */
  static final class Packing {
    private ByteBuffer packed;

    /** Packs after {@code reserved} bytes left for the caller's own figures. */
    Packing(int reserved) {
      packed = ByteBuffer.allocate(reserved + ROW_BYTES * 4096).position(reserved);
    }

    /** Packs the key of {@code row}, whose {@link #columns} start at ordinal {@code from}. */
    void add(InternalRow row, int from) {
      if (packed.remaining() < ROW_BYTES) {
        packed = ByteBuffer.wrap(Arrays.copyOf(packed.array(), packed.capacity() * 2)).position(packed.position());
      }
      packed.putLong(row.getLong(from));
      packed.putLong(row.getLong(from + 1));
      packed.put((byte) (row.getBoolean(from + 2) ? 1 : 0));
      int order = from + ORDER_COLUMN;
      packed.putLong(row.isNullAt(order) ? NO_ORDER : row.getLong(order));
      packed.putInt(row.getInt(from + 4));
      packed.putLong(row.getLong(from + 5));
      packed.putInt(row.getInt(from + 6));
    }

    /** The packed rows after the reserved bytes, in an array of their size. */
    byte[] bytes() {
      return Arrays.copyOf(packed.array(), packed.position());
    }
  }

  /** Runs on the executors: one byte array per partition. */
  private static final class Packer implements FlatMapFunction<Iterator<InternalRow>, byte[]> {
    private static final long serialVersionUID = 1L;

    @Override
    public Iterator<byte[]> call(Iterator<InternalRow> rows) {
      Packing packing = new Packing(0);
      while (rows.hasNext()) {
        packing.add(rows.next(), 0);
      }
      return List.of(packing.bytes()).iterator();
    }
  }
}
