package dev.medallion.spec;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * An additive measure of a fact or window: merged into an existing row by adding (count, sum) or
 * widening (min, max), so late data accumulates instead of overwriting.
 *
 * @param expression the SQL value aggregated; empty for {@code count}
 * @param filter only rows where this SQL condition holds are aggregated
 */
public record MeasureSpec(
    String name, Aggregation aggregation, Optional<String> expression, Optional<String> filter) {
  public MeasureSpec {
    requireNonNull(name, "name");
    requireNonNull(aggregation, "aggregation");
    expression = expression == null ? Optional.empty() : expression;
    filter = filter == null ? Optional.empty() : filter;
  }

  /**
   * The aggregations. COUNT, SUM, MIN and MAX merge incrementally into fact rows; AVG is allowed in
   * windows only (a fact declares a sum and a count and derives the average).
   */
  public enum Aggregation {
    COUNT,
    SUM,
    MIN,
    MAX,
    AVG;

    public boolean mergesIncrementally() {
      return this != AVG;
    }
  }
}
