package dev.medallion.ops;

import io.delta.kernel.expressions.Column;
import io.delta.kernel.expressions.Literal;
import io.delta.kernel.statistics.DataFileStatistics;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.DateType;
import io.delta.kernel.types.DecimalType;
import io.delta.kernel.types.DoubleType;
import io.delta.kernel.types.IntegerType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructType;
import io.delta.kernel.types.TimestampType;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * Delta's statistics of a file (its row count, and each indexed column's minimum, maximum and
 * null count) as the log's JSON, computed from the rows as they are written: Kernel serializes
 * them, so they read as Delta's own. Minimum and maximum are kept for numbers, text, dates and
 * timestamps, as Delta keeps them; a double column holding NaN gets none (a bound it could not
 * order would skip files wrongly).
 */
public final class FileStatistics {
  private FileStatistics() {}

  /**
   * The statistics JSON of a file of {@code rows} rows whose bounds were gathered as it was written.
   *
   * @param schema the file's columns (partition columns excluded)
   * @param min the least value of each column that has statistics, by column name
   * @param max the greatest value of each such column
   * @param nulls the null count of each such column (columns with bounds or without)
   */
  public static String json(
      org.apache.spark.sql.types.StructType schema,
      long rows,
      Map<String, Literal> min,
      Map<String, Literal> max,
      Map<String, Long> nulls) {
    Map<Column, Literal> least = new HashMap<>();
    Map<Column, Literal> greatest = new HashMap<>();
    Map<Column, Long> nullCounts = new HashMap<>();
    min.forEach((name, value) -> least.put(new Column(name), value));
    max.forEach((name, value) -> greatest.put(new Column(name), value));
    nulls.forEach((name, count) -> nullCounts.put(new Column(name), count));
    return new DataFileStatistics(rows, least, greatest, nullCounts, Optional.empty())
        .serializeAsJson(KernelTypes.of(schema));
  }

  /**
   * @param schema the Kernel schema of the file's columns
   * @param columns for each column of {@code schema}, its position in the rows
   * @param indexed the names of the columns to keep statistics on
   */
  static String json(StructType schema, int[] columns, List<Row> rows, Set<String> indexed) {
    return of(schema, columns, rows, indexed).serializeAsJson(schema);
  }

  /**
   * The statistics of a file holding {@code rows}, as Kernel takes them with a written file.
   *
   * @param schema the Kernel schema of the file's columns
   * @param columns for each column of {@code schema}, its position in the rows
   * @param indexed the names of the columns to keep statistics on
   */
  static DataFileStatistics of(StructType schema, int[] columns, List<Row> rows, Set<String> indexed) {
    Map<Column, Literal> min = new HashMap<>();
    Map<Column, Literal> max = new HashMap<>();
    Map<Column, Long> nulls = new HashMap<>();
    for (int i = 0; i < schema.length(); i++) {
      String name = schema.at(i).getName();
      if (!indexed.contains(name)) {
        continue;
      }
      DataType type = schema.at(i).getDataType();
      Column column = new Column(name);
      long nullCount = 0;
      Object least = null;
      Object greatest = null;
      boolean ordered = isOrdered(type);
      for (Row row : rows) {
        Object value = row.get(columns[i]);
        if (value == null) {
          nullCount++;
        } else if (ordered) {
          Object comparable = comparable(type, value);
          if (comparable instanceof Double d && d.isNaN()) {
            ordered = false;
          } else {
            least = least == null || compare(comparable, least) < 0 ? comparable : least;
            greatest = greatest == null || compare(comparable, greatest) > 0 ? comparable : greatest;
          }
        }
      }
      nulls.put(column, nullCount);
      if (ordered && least != null) {
        min.put(column, literal(type, least));
        max.put(column, literal(type, greatest));
      }
    }
    return new DataFileStatistics(rows.size(), min, max, nulls, Optional.empty());
  }

  private static boolean isOrdered(DataType type) {
    return type instanceof StringType
        || type instanceof LongType
        || type instanceof IntegerType
        || type instanceof DoubleType
        || type instanceof DecimalType
        || type instanceof DateType
        || type instanceof TimestampType;
  }

  /** A value in a form ordered as Delta orders it: text by its UTF-8 bytes, times as numbers. */
  private static Object comparable(DataType type, Object value) {
    if (type instanceof StringType) {
      return UTF8String.fromString((String) value);
    } else if (type instanceof DecimalType decimal) {
      return ((BigDecimal) value).setScale(decimal.getScale(), RoundingMode.HALF_UP);
    }
    return KernelTypes.value(type, value);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static int compare(Object left, Object right) {
    return ((Comparable) left).compareTo(right);
  }

  private static Literal literal(DataType type, Object value) {
    if (type instanceof StringType) {
      return Literal.ofString(value.toString());
    } else if (type instanceof LongType) {
      return Literal.ofLong((Long) value);
    } else if (type instanceof IntegerType) {
      return Literal.ofInt((Integer) value);
    } else if (type instanceof DoubleType) {
      return Literal.ofDouble((Double) value);
    } else if (type instanceof DecimalType decimal) {
      return Literal.ofDecimal((BigDecimal) value, decimal.getPrecision(), decimal.getScale());
    } else if (type instanceof DateType) {
      return Literal.ofDate((Integer) value);
    }
    return Literal.ofTimestamp((Long) value);
  }
}
