package dev.medallion.silver;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.row_number;

import dev.medallion.spec.BronzeColumns;
import dev.medallion.spec.DedupSpec;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;

/**
 * Removes duplicates of a business key: within a micro-batch the first record by bronze position
 * wins; a record whose key already is in the silver table (among rows whose {@code order-by}
 * value lies within the dedup window before the batch's earliest) is removed too. State is the
 * silver table itself, bounded by the window, so a duplicate days late is still caught, and a
 * replayed batch does not count its own rows (same bronze coordinates) as duplicates.
 */
public final class Deduplicator {
  private static final List<String> COORDINATES =
      List.of(BronzeColumns.KAFKA_TOPIC, BronzeColumns.KAFKA_PARTITION, BronzeColumns.KAFKA_OFFSET);
  private static final String EXISTING = "_existing_";

  private final DedupSpec dedup;

  public Deduplicator(DedupSpec dedup) {
    this.dedup = dedup;
  }

  /** The first record of each key within the batch, by Kafka partition and offset. */
  public Dataset<Row> firstPerKey(Dataset<Row> valid) {
    Column[] keys = dedup.keys().stream().map(org.apache.spark.sql.functions::col).toArray(Column[]::new);
    return valid
        .withColumn(
            "_rank",
            row_number()
                .over(
                    Window.partitionBy(keys)
                        .orderBy(
                            col(BronzeColumns.KAFKA_PARTITION), col(BronzeColumns.KAFKA_OFFSET))))
        .filter(col("_rank").equalTo(1))
        .drop("_rank");
  }

  /**
   * The records whose key is not yet in silver under another bronze record.
   *
   * @param earliest the smallest {@code order-by} value of the candidates; silver rows older than
   *     it by more than the dedup window are not looked at
   */
  public Dataset<Row> notYetInSilver(
      SparkSession spark, Dataset<Row> candidates, String silverLocation, Instant earliest) {
    Instant from = earliest.minus(dedup.within());
    List<Column> existingColumns = new java.util.ArrayList<>();
    for (String key : dedup.keys()) {
      existingColumns.add(col(key).as(EXISTING + key));
    }
    for (String coordinate : COORDINATES) {
      existingColumns.add(col(coordinate).as(EXISTING + coordinate));
    }
    Dataset<Row> existing =
        spark
            .read()
            .format("delta")
            .load(silverLocation)
            .filter(col(dedup.orderBy()).geq(lit(Timestamp.from(from))))
            .select(existingColumns.toArray(Column[]::new));
    Column sameKey = lit(true);
    for (String key : dedup.keys()) {
      sameKey = sameKey.and(candidates.col(key).equalTo(existing.col(EXISTING + key)));
    }
    Column sameRecord = lit(true);
    for (String coordinate : COORDINATES) {
      sameRecord =
          sameRecord.and(candidates.col(coordinate).equalTo(existing.col(EXISTING + coordinate)));
    }
    return candidates.join(existing, sameKey.and(not(sameRecord)), "left_anti");
  }
}
