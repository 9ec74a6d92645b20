package dev.medallion.silver;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import dev.medallion.spec.BronzeColumns;
import dev.medallion.spec.DedupSpec;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The deduplication rule of {@link Deduplicator} decided against the silver table itself: the
 * batch's keys are grouped with every silver key of the window, read for this batch. Exact
 * whatever the batch, but its cost grows with the window's rows, so it serves only what the key
 * index cannot answer (a batch reaching behind the index's horizon, an index too large to hold).
 *
 * <p>The decision is taken on narrow rows (key and coordinates only): the batch's keys and the
 * window's silver keys are grouped once, and only the keys that need a decision (seen twice in
 * the batch, or already in silver) come back, usually a handful, to filter the wide rows without
 * shuffling them.
 */
final class SilverKeyScan {
  /** Most key decisions brought to the driver; above it the decisions stay distributed. */
  static final int MAX_LOCAL_DECISIONS = 500_000;

  private static final String IN_BATCH = "_in_batch";
  private static final String BATCH_COUNT = "_batch_count";
  private static final String FIRST = "_first";
  private static final String SILVER_COUNT = "_silver_count";
  private static final String SILVER_MIN = "_silver_min";
  private static final String SILVER_MAX = "_silver_max";
  private static final String REMOVE_ALL = "_remove_all";
  private static final String DECIDED = "_decided";
  private static final String KEY_PREFIX = "_key_";

  private final DedupSpec dedup;
  private final int maxLocalDecisions;

  /** A scan that keeps decisions distributed when there are more than the given number. */
  SilverKeyScan(DedupSpec dedup, int maxLocalDecisions) {
    this.dedup = dedup;
    this.maxLocalDecisions = maxLocalDecisions;
  }

  /**
   * The records of {@code valid} that are the first of their key in the batch and whose key is
   * not yet in silver under another bronze record.
   *
   * @param earliest the smallest {@code order-by} value of {@code valid}, empty when unknown;
   *     silver rows older than it by more than the dedup window are not looked at
   */
  Deduplicator.Outcome removeDuplicates(
      SparkSession spark, Dataset<Row> valid, String silverLocation, Optional<Instant> earliest) {
    Dataset<Row> silver = spark.read().format("delta").load(silverLocation);
    if (earliest.isPresent()) {
      Instant from = earliest.get().minus(dedup.within());
      silver = silver.filter(col(dedup.orderBy()).geq(lit(Timestamp.from(from))));
    }
    // SQL equality: a NULL key never equals a silver key
    for (String key : dedup.keys()) {
      silver = silver.filter(col(key).isNotNull());
    }
    Dataset<Row> decisions =
        narrow(valid, true)
            .unionByName(narrow(silver, false))
            .groupBy(dedup.keys().stream().map(k -> col(k)).toArray(Column[]::new))
            .agg(
                count(when(col(IN_BATCH), lit(1))).as(BATCH_COUNT),
                min(when(col(IN_BATCH), position())).as(FIRST),
                count(when(not(col(IN_BATCH)), lit(1))).as(SILVER_COUNT),
                min(when(not(col(IN_BATCH)), position())).as(SILVER_MIN),
                max(when(not(col(IN_BATCH)), position())).as(SILVER_MAX))
            .withColumn(
                REMOVE_ALL,
                col(SILVER_COUNT)
                    .gt(0)
                    .and(not(col(SILVER_MIN).equalTo(col(FIRST)).and(col(SILVER_MAX).equalTo(col(FIRST))))))
            .filter(col(BATCH_COUNT).gt(1).or(col(BATCH_COUNT).gt(0).and(col(REMOVE_ALL))));
    List<Column> decisionColumns = new ArrayList<>();
    for (String key : dedup.keys()) {
      decisionColumns.add(col(key).as(KEY_PREFIX + key));
    }
    decisionColumns.add(col(BATCH_COUNT));
    decisionColumns.add(col(FIRST));
    decisionColumns.add(col(REMOVE_ALL));
    decisionColumns.add(lit(true).as(DECIDED));
    decisions = decisions.select(decisionColumns.toArray(Column[]::new));

    List<Row> local = decisions.limit(maxLocalDecisions + 1).collectAsList();
    long duplicates;
    if (local.size() <= maxLocalDecisions) {
      duplicates = duplicatesIn(local);
      if (local.isEmpty()) {
        return new Deduplicator.Outcome(valid, 0, null);
      }
      decisions = spark.createDataFrame(local, decisions.schema());
    } else {
      Row removed =
          decisions
              .agg(
                  org.apache.spark.sql.functions.sum(
                      when(col(REMOVE_ALL), col(BATCH_COUNT)).otherwise(col(BATCH_COUNT).minus(1))))
              .first();
      duplicates = removed.isNullAt(0) ? 0 : removed.getLong(0);
    }
    Column sameKey = lit(true);
    for (String key : dedup.keys()) {
      sameKey = sameKey.and(valid.col(key).eqNullSafe(decisions.col(KEY_PREFIX + key)));
    }
    Dataset<Row> unique =
        valid
            .join(decisions, sameKey, "left_outer")
            .filter(
                col(DECIDED)
                    .isNull()
                    .or(not(col(REMOVE_ALL)).and(position().equalTo(col(FIRST)))))
            .select(columnsOf(valid));
    return new Deduplicator.Outcome(unique, duplicates, null);
  }

  private static long duplicatesIn(List<Row> decisions) {
    long duplicates = 0;
    for (Row decision : decisions) {
      long inBatch = decision.getLong(decision.fieldIndex(BATCH_COUNT));
      duplicates += decision.getBoolean(decision.fieldIndex(REMOVE_ALL)) ? inBatch : inBatch - 1;
    }
    return duplicates;
  }

  /** Key, bronze position and origin of each row; nothing else crosses the shuffle. */
  private Dataset<Row> narrow(Dataset<Row> rows, boolean inBatch) {
    List<Column> columns = new ArrayList<>();
    dedup.keys().forEach(key -> columns.add(col(key)));
    columns.add(col(BronzeColumns.KAFKA_PARTITION));
    columns.add(col(BronzeColumns.KAFKA_OFFSET));
    columns.add(col(BronzeColumns.KAFKA_TOPIC));
    columns.add(lit(inBatch).as(IN_BATCH));
    return rows.select(columns.toArray(Column[]::new));
  }

  /** A record's bronze coordinates, ordered as the batch's first record is chosen. */
  private static Column position() {
    return struct(
        col(BronzeColumns.KAFKA_PARTITION),
        col(BronzeColumns.KAFKA_OFFSET),
        col(BronzeColumns.KAFKA_TOPIC));
  }

  private static Column[] columnsOf(Dataset<Row> rows) {
    String[] names = rows.columns();
    Column[] columns = new Column[names.length];
    for (int i = 0; i < names.length; i++) {
      columns[i] = rows.col(names[i]);
    }
    return columns;
  }
}
