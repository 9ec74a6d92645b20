package dev.medallion.silver;

import java.util.BitSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * One batch's deduplication decided in the driver from its {@link KeyRows} and the {@link
 * SeenKeys} of silver: per key, the first row by bronze position survives unless silver holds the
 * key (within the window) under another position, in which case every row of the key goes. The
 * removed rows leave the batch by their bronze position ({@link RemovedPositions}).
 */
final class KeyDecision {
  private final KeyRows rows;
  private final BitSet kept;

  private KeyDecision(KeyRows rows, BitSet kept) {
    this.rows = rows;
    this.kept = kept;
  }

  /** Decides the batch's rows against silver's keys whose order value is at least {@code from}. */
  static KeyDecision decide(KeyRows rows, SeenKeys seen, long from) {
    FingerprintMap groups = new FingerprintMap(rows.size);
    int[] first = new int[rows.size];
    int[] groupOf = new int[rows.size];
    int groupCount = 0;
    for (int i = 0; i < rows.size; i++) {
      int group = groups.putIfAbsent(rows.high[i], rows.low[i], groupCount);
      if (group == FingerprintMap.ABSENT) {
        group = groupCount++;
        first[group] = i;
      } else if (rows.before(i, first[group])) {
        first[group] = i;
      }
      groupOf[i] = group;
    }
    BitSet inSilver = new BitSet(groupCount);
    for (int group = 0; group < groupCount; group++) {
      int i = first[group];
      // SQL equality: a NULL key never equals a silver key
      if (!rows.nullKey[i] && seen.heldElsewhere(rows.high[i], rows.low[i], from, rows, i)) {
        inSilver.set(group);
      }
    }
    BitSet kept = new BitSet(rows.size);
    for (int i = 0; i < rows.size; i++) {
      int group = groupOf[i];
      if (!inSilver.get(group) && first[group] == i) {
        kept.set(i);
      }
    }
    return new KeyDecision(rows, kept);
  }

  long duplicates() {
    return rows.size - kept.cardinality();
  }

  /** {@code valid} without the removed rows, found by their bronze position. */
  Dataset<Row> unique(Dataset<Row> valid) {
    if (duplicates() == 0) {
      return valid;
    }
    RemovedPositions removed = new RemovedPositions((int) duplicates());
    for (int i = kept.nextClearBit(0); i < rows.size; i = kept.nextClearBit(i + 1)) {
      removed.add(rows.partition[i], rows.offset[i], rows.topic[i]);
    }
    return valid.filter(removed.keeps());
  }

  /** Adds the surviving rows to {@code seen}. */
  void keptRowsTo(SeenKeys seen) {
    for (int i = kept.nextSetBit(0); i >= 0; i = kept.nextSetBit(i + 1)) {
      seen.add(rows, i);
    }
  }
}
