package dev.medallion.ops;

import java.time.Instant;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.api.java.UDF0;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;

/**
 * Values fixed for one micro-batch (when it started, its watermark) as columns whose value Spark
 * does not write into its generated code. A literal timestamp is compiled into the code of every
 * stage that uses it, so each batch would compile those stages again (tens of milliseconds each);
 * through a function without arguments the code is the same for every batch and stays compiled.
 * The function returns an {@link Instant}, which Spark turns into microseconds by arithmetic; a
 * {@code java.sql.Timestamp} would cost a copy of the default time zone and a calendar rebase on
 * every row it is evaluated for.
 */
public final class BatchValues {
  private BatchValues() {}

  /** {@code instant} as a non-null timestamp column. */
  public static Column timestamp(Instant instant) {
    UDF0<Instant> constant = () -> instant;
    return functions.udf(constant, DataTypes.TimestampType).asNonNullable().apply();
  }
}
