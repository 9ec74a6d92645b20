package dev.medallion.gold;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import dev.medallion.spec.MeasureSpec;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;

/**
 * The columns of additive measures: how a batch aggregates one, how two partial values combine
 * (counts and sums add, minimums and maximums widen), and how an average is kept as a sum and a
 * count so it can be merged too.
 */
final class MeasureColumns {
  static final String SUM_SUFFIX = "__sum";
  static final String COUNT_SUFFIX = "__count";

  private MeasureColumns() {}

  /** The stored columns of a measure: its own, or for an average its sum and count. */
  static List<String> storedColumns(MeasureSpec measure) {
    return measure.aggregation() == MeasureSpec.Aggregation.AVG
        ? List.of(measure.name() + SUM_SUFFIX, measure.name() + COUNT_SUFFIX)
        : List.of(measure.name());
  }

  /** Aggregations over source rows producing each stored column. */
  static List<Column> aggregate(MeasureSpec measure) {
    Column filter = measure.filter().map(f -> coalesce(expr(f), lit(false))).orElse(lit(true));
    Column value = measure.expression().map(e -> expr(e)).orElse(lit(1));
    Column selected = when(filter, value);
    List<Column> columns = new ArrayList<>();
    switch (measure.aggregation()) {
      case COUNT -> columns.add(count(selected).as(measure.name()));
      case SUM -> columns.add(sum(selected).as(measure.name()));
      case MIN -> columns.add(min(selected).as(measure.name()));
      case MAX -> columns.add(max(selected).as(measure.name()));
      case AVG -> {
        columns.add(sum(selected.cast("double")).as(measure.name() + SUM_SUFFIX));
        columns.add(count(selected).as(measure.name() + COUNT_SUFFIX));
      }
    }
    return columns;
  }

  /** Re-aggregations of already aggregated rows (when rows are moved and regrouped). */
  static List<Column> reaggregate(MeasureSpec measure) {
    List<Column> columns = new ArrayList<>();
    for (String stored : storedColumns(measure)) {
      columns.add(
          switch (measure.aggregation()) {
            case MIN -> min(col(stored)).as(stored);
            case MAX -> max(col(stored)).as(stored);
            default -> sum(col(stored)).as(stored);
          });
    }
    return columns;
  }

  /** The combination of a stored column's existing value and a new partial value. */
  static Column combine(MeasureSpec measure, Column existing, Column incoming) {
    return switch (measure.aggregation()) {
      case MIN -> least(existing, incoming);
      case MAX -> greatest(existing, incoming);
      default ->
          when(existing.isNull(), incoming)
              .when(incoming.isNull(), existing)
              .otherwise(existing.plus(incoming));
    };
  }

  /** The visible value of an average from its stored sum and count. */
  static Column average(MeasureSpec measure) {
    Column count = col(measure.name() + COUNT_SUFFIX);
    return when(count.gt(0), col(measure.name() + SUM_SUFFIX).divide(count)).as(measure.name());
  }
}
