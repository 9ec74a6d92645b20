package dev.medallion.gold;

import dev.medallion.spec.MeasureSpec;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * The stored measure columns of a gold table combined in the driver, as {@link MeasureColumns}
 * combines them in SQL: counts and sums add (a missing side leaves the other), minimums and
 * maximums widen (nulls ignored). Values are those Spark hands out for the column types: Long,
 * Double, BigDecimal for sums and counts; any Comparable for minimums and maximums.
 */
final class StoredMeasures {
  private final List<String> columns = new ArrayList<>();
  private final List<MeasureSpec.Aggregation> aggregations = new ArrayList<>();

  StoredMeasures(List<MeasureSpec> measures) {
    for (MeasureSpec measure : measures) {
      for (String stored : MeasureColumns.storedColumns(measure)) {
        columns.add(stored);
        aggregations.add(measure.aggregation());
      }
    }
  }

  /** The stored columns, in the order partial aggregates carry them. */
  List<String> columns() {
    return List.copyOf(columns);
  }

  /** The combination of a stored column's existing value and a new partial value. */
  Object combine(int column, Object existing, Object incoming) {
    if (existing == null) {
      return incoming;
    }
    if (incoming == null) {
      return existing;
    }
    return switch (aggregations.get(column)) {
      case MIN -> compare(existing, incoming) <= 0 ? existing : incoming;
      case MAX -> compare(existing, incoming) >= 0 ? existing : incoming;
      default -> add(existing, incoming);
    };
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static int compare(Object left, Object right) {
    return ((Comparable) left).compareTo(right);
  }

  private static Object add(Object left, Object right) {
    if (left instanceof Long l && right instanceof Long r) {
      return Math.addExact(l, r);
    }
    if (left instanceof BigDecimal l && right instanceof BigDecimal r) {
      return l.add(r);
    }
    if (left instanceof Double l && right instanceof Double r) {
      return l + r;
    }
    if (left instanceof Integer l && right instanceof Integer r) {
      return Math.addExact(l, r);
    }
    throw new IllegalArgumentException(
        "cannot add measure values of types "
            + left.getClass().getSimpleName()
            + " and "
            + right.getClass().getSimpleName());
  }
}
