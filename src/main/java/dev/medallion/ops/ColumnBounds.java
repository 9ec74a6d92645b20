package dev.medallion.ops;

import io.delta.kernel.expressions.Literal;
import java.util.Map;
import org.apache.spark.sql.catalyst.expressions.SpecializedGetters;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.TimestampType;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * One column's least and greatest value and null count in a file, gathered from Spark's internal
 * values as they are written, for Delta's statistics ({@link FileStatistics}): text ordered by its
 * UTF-8 bytes, dates and timestamps as numbers. Other columns (maps, lists) keep their null count only, as
 * Delta keeps it; a double column that holds NaN keeps no bounds.
 */
final class ColumnBounds {
  private final String name;
  private final DataType type;
  private long nulls;
  private boolean any;
  private final boolean ordered;
  private boolean unordered;
  private long leastNumber;
  private long greatestNumber;
  private double leastDouble;
  private double greatestDouble;
  private UTF8String leastText;
  private UTF8String greatestText;

  ColumnBounds(String name, DataType type) {
    this.name = name;
    this.type = type;
    this.ordered = isOrdered(type);
  }

  /** Whether bounds are kept for values of {@code type}, not only a null count. */
  static boolean isOrdered(DataType type) {
    return type instanceof StringType
        || type instanceof IntegerType
        || type instanceof DateType
        || type instanceof LongType
        || type instanceof TimestampType
        || type instanceof DoubleType;
  }

  void addNull() {
    nulls++;
  }

  /**
   * Takes the value at {@code ordinal} of {@code source} (not null) into the bounds.
   *
   * @throws IllegalStateException for a column that keeps no bounds
   */
  void add(SpecializedGetters source, int ordinal) {
    if (!ordered) {
      throw new IllegalStateException("no bounds are kept for " + name + " " + type.simpleString());
    } else if (type instanceof StringType) {
      UTF8String text = source.getUTF8String(ordinal);
      if (!any || text.compareTo(leastText) < 0) {
        leastText = text.copy();
      }
      if (!any || text.compareTo(greatestText) > 0) {
        greatestText = text.copy();
      }
    } else if (type instanceof DoubleType) {
      double value = source.getDouble(ordinal);
      unordered |= Double.isNaN(value);
      leastDouble = any ? Math.min(leastDouble, value) : value;
      greatestDouble = any ? Math.max(greatestDouble, value) : value;
    } else {
      long value = type instanceof IntegerType || type instanceof DateType ? source.getInt(ordinal) : source.getLong(ordinal);
      leastNumber = any ? Math.min(leastNumber, value) : value;
      greatestNumber = any ? Math.max(greatestNumber, value) : value;
    }
    any = true;
  }

  /** Puts this column's bounds (when it has any) and null count in the statistics' maps. */
  void into(Map<String, Literal> min, Map<String, Literal> max, Map<String, Long> nullCounts) {
    nullCounts.put(name, nulls);
    if (any && !unordered) {
      min.put(name, literal(true));
      max.put(name, literal(false));
    }
  }

  private Literal literal(boolean least) {
    long number = least ? leastNumber : greatestNumber;
    if (type instanceof StringType) {
      return Literal.ofString((least ? leastText : greatestText).toString());
    } else if (type instanceof DoubleType) {
      return Literal.ofDouble(least ? leastDouble : greatestDouble);
    } else if (type instanceof IntegerType) {
      return Literal.ofInt((int) number);
    } else if (type instanceof DateType) {
      return Literal.ofDate((int) number);
    } else if (type instanceof LongType) {
      return Literal.ofLong(number);
    }
    return Literal.ofTimestamp(number);
  }
}
