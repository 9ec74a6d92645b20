package dev.medallion.silver;

import static org.apache.spark.sql.functions.col;

import dev.medallion.ops.MethodColumns;
import dev.medallion.spec.BronzeColumns;
import java.io.Serializable;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.unsafe.hash.Murmur3_x86_32;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * The bronze positions (partition, offset, topic) of a batch's duplicates, as a filter that keeps
 * every other row: an open-addressing table on partition and offset, the topic compared by its
 * hash only where both match, so a row costs one probe. It replaces a broadcast anti-join, whose
 * hash lookup and join-key rows took a tenth of silver's write task. Public for Spark's generated
 * code, which calls {@link #keeps(int, long, UTF8String)}.
 */
public final class RemovedPositions implements Serializable {
  private static final long serialVersionUID = 1L;
  /** The seed of Spark's {@code hash}, which {@link KeyRows#topicHash} gives. */
  private static final int SPARK_HASH_SEED = 42;

  private final int[] partitions;
  private final long[] offsets;
  private final int[] topics;
  private final boolean[] used;
  private final int mask;
  private int size;

  /** An empty set with room for {@code expected} positions. */
  RemovedPositions(int expected) {
    int capacity = Integer.highestOneBit(Math.max(2, expected) * 2 - 1) * 2;
    partitions = new int[capacity];
    offsets = new long[capacity];
    topics = new int[capacity];
    used = new boolean[capacity];
    mask = capacity - 1;
  }

  /** Adds a position; {@code topicHash} is the topic's value of {@link KeyRows#topicHash}. */
  void add(int partition, long offset, int topicHash) {
    int slot = slot(partition, offset);
    while (used[slot]) {
      slot = (slot + 1) & mask;
    }
    used[slot] = true;
    partitions[slot] = partition;
    offsets[slot] = offset;
    topics[slot] = topicHash;
    size++;
  }

  int size() {
    return size;
  }

  /** True for a row whose bronze position is not in the set. */
  Column keeps() {
    return MethodColumns.call(
        this,
        "keeps",
        DataTypes.BooleanType,
        false,
        false,
        col(BronzeColumns.KAFKA_PARTITION),
        col(BronzeColumns.KAFKA_OFFSET),
        col(BronzeColumns.KAFKA_TOPIC));
  }

  /** Called by the generated code of {@link #keeps()}; positions are never null in bronze. */
  public boolean keeps(int partition, long offset, UTF8String topic) {
    int slot = slot(partition, offset);
    while (used[slot]) {
      if (partitions[slot] == partition && offsets[slot] == offset && topics[slot] == topicHash(topic)) {
        return false;
      }
      slot = (slot + 1) & mask;
    }
    return true;
  }

  /** Spark's {@code hash(topic)}: Murmur3 of the text's bytes with Spark's seed. */
  static int topicHash(UTF8String topic) {
    return Murmur3_x86_32.hashUnsafeBytes(topic.getBaseObject(), topic.getBaseOffset(), topic.numBytes(), SPARK_HASH_SEED);
  }

  private int slot(int partition, long offset) {
    long mixed = (offset * 0x9E3779B97F4A7C15L) ^ (partition * 0xC2B2AE3D27D4EB4FL);
    return (int) (mixed ^ (mixed >>> 29)) & mask;
  }
}
