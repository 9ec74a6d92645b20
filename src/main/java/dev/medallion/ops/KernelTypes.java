package dev.medallion.ops;

import io.delta.kernel.types.ArrayType;
import io.delta.kernel.types.BooleanType;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.DateType;
import io.delta.kernel.types.DecimalType;
import io.delta.kernel.types.DoubleType;
import io.delta.kernel.types.IntegerType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.MapType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructField;
import io.delta.kernel.types.StructType;
import io.delta.kernel.types.TimestampType;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

/**
 * Spark's flat schemas and values in Delta Kernel's terms: the handful of types Medallion's own
 * tables use (text, integers, doubles, decimals, booleans, dates, timestamps as UTC microseconds),
 * and maps and lists of those in the schemas of statistics.
 */
final class KernelTypes {
  private KernelTypes() {}

  /**
   * The Kernel schema of a flat Spark schema.
   *
   * @throws IllegalArgumentException for a type outside the handful supported
   */
  static StructType of(org.apache.spark.sql.types.StructType spark) {
    return of(spark.fields());
  }

  /** The Kernel schema of flat Spark fields. */
  static StructType of(org.apache.spark.sql.types.StructField[] fields) {
    StructType kernel = new StructType();
    for (org.apache.spark.sql.types.StructField field : fields) {
      kernel = kernel.add(new StructField(field.name(), of(field.dataType()), field.nullable()));
    }
    return kernel;
  }

  /** Whether {@link #of} has a Kernel type for {@code type}, and it is not a map or list. */
  static boolean supports(org.apache.spark.sql.types.DataType type) {
    if (type instanceof org.apache.spark.sql.types.MapType || type instanceof org.apache.spark.sql.types.ArrayType) {
      return false;
    }
    try {
      of(type);
      return true;
    } catch (IllegalArgumentException unsupported) {
      return false;
    }
  }

  private static DataType of(org.apache.spark.sql.types.DataType type) {
    if (type instanceof org.apache.spark.sql.types.StringType) {
      return StringType.STRING;
    } else if (type instanceof org.apache.spark.sql.types.LongType) {
      return LongType.LONG;
    } else if (type instanceof org.apache.spark.sql.types.IntegerType) {
      return IntegerType.INTEGER;
    } else if (type instanceof org.apache.spark.sql.types.DoubleType) {
      return DoubleType.DOUBLE;
    } else if (type instanceof org.apache.spark.sql.types.BooleanType) {
      return BooleanType.BOOLEAN;
    } else if (type instanceof org.apache.spark.sql.types.TimestampType) {
      return TimestampType.TIMESTAMP;
    } else if (type instanceof org.apache.spark.sql.types.DateType) {
      return DateType.DATE;
    } else if (type instanceof org.apache.spark.sql.types.DecimalType decimal) {
      return new DecimalType(decimal.precision(), decimal.scale());
    } else if (type instanceof org.apache.spark.sql.types.MapType map) {
      return new MapType(of(map.keyType()), of(map.valueType()), map.valueContainsNull());
    } else if (type instanceof org.apache.spark.sql.types.ArrayType array) {
      return new ArrayType(of(array.elementType()), array.containsNull());
    }
    throw new IllegalArgumentException("no Kernel type for " + type.simpleString());
  }

  /** A Spark value as Kernel reads it: timestamps in microseconds, dates in days since 1970. */
  static Object value(DataType type, Object spark) {
    if (type instanceof TimestampType) {
      Instant instant = spark instanceof Timestamp timestamp ? timestamp.toInstant() : (Instant) spark;
      return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
    } else if (type instanceof DateType) {
      LocalDate date = spark instanceof Date sqlDate ? sqlDate.toLocalDate() : (LocalDate) spark;
      return (int) date.toEpochDay();
    }
    return spark;
  }
}
