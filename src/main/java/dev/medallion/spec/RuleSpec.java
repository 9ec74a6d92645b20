package dev.medallion.spec;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;

/**
 * A data quality rule of a silver table, checked after parsing and standardization. A rule whose
 * value is unknown (SQL NULL) passes, as a SQL CHECK constraint does: nulls are the business of
 * {@link NotNull} and of required fields.
 */
public sealed interface RuleSpec {
  /** Short name, used in the quarantine reason and in metrics. */
  String name();

  RuleAction action();

  /** The sentence written into the quarantine row when the rule fails. */
  String reason();

  /** Columns must not be null. */
  record NotNull(String name, List<String> columns, RuleAction action) implements RuleSpec {
    public NotNull {
      requireNonNull(name, "name");
      columns = List.copyOf(requireNonNull(columns, "columns"));
      requireNonNull(action, "action");
    }

    @Override
    public String reason() {
      return name + ": " + String.join(", ", columns) + " must not be null";
    }
  }

  /** A string column must match a Java regular expression as a whole. */
  record Matches(String name, String column, String pattern, RuleAction action)
      implements RuleSpec {
    public Matches {
      requireNonNull(name, "name");
      requireNonNull(column, "column");
      requireNonNull(pattern, "pattern");
      requireNonNull(action, "action");
    }

    @Override
    public String reason() {
      return name + ": " + column + " must match " + pattern;
    }
  }

  /**
   * A timestamp column must lie in {@code [reference - maxAge, reference + maxAhead]}. The
   * reference is a column too (by default {@code ingestion_timestamp}), so the verdict on a record
   * is the same on every replay and a test controls it with the ingestion clock.
   */
  record Freshness(
      String name,
      String column,
      String reference,
      Duration maxAge,
      Duration maxAhead,
      RuleAction action)
      implements RuleSpec {
    public Freshness {
      requireNonNull(name, "name");
      requireNonNull(column, "column");
      requireNonNull(reference, "reference");
      requireNonNull(maxAge, "maxAge");
      requireNonNull(maxAhead, "maxAhead");
      requireNonNull(action, "action");
    }

    @Override
    public String reason() {
      return name
          + ": "
          + column
          + " must be at most "
          + Durations.format(maxAge)
          + " before and "
          + Durations.format(maxAhead)
          + " after "
          + reference;
    }
  }

  /** Any SQL boolean expression over the record's columns. */
  record Expression(String name, String sql, RuleAction action) implements RuleSpec {
    public Expression {
      requireNonNull(name, "name");
      requireNonNull(sql, "sql");
      requireNonNull(action, "action");
    }

    @Override
    public String reason() {
      return name + ": failed check " + sql;
    }
  }
}
