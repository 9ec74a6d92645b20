package dev.medallion.spec;

import dev.medallion.spec.MeasureSpec.Aggregation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads the {@code measures} of a fact or window: each measure has exactly one of {@code count},
 * {@code sum}, {@code min}, {@code max}, {@code avg} (whose value is the SQL aggregated; {@code
 * count: "*"} counts rows) and an optional {@code filter}.
 */
final class MeasureReader {
  static final List<String> AGGREGATIONS = List.of("count", "sum", "min", "max", "avg");

  private final SqlFragments sql;

  MeasureReader(SqlFragments sql) {
    this.sql = sql;
  }

  /** Measures of a fact, merged into existing rows: {@code avg} is an error. */
  List<MeasureSpec> forFact(List<YamlMapping> measures, ColumnScope scope) {
    return read(measures, scope, Aggregation::mergesIncrementally);
  }

  /** Measures of a window, computed once per window: every aggregation is allowed. */
  List<MeasureSpec> forWindow(List<YamlMapping> measures, ColumnScope scope) {
    return read(measures, scope, aggregation -> true);
  }

  private List<MeasureSpec> read(
      List<YamlMapping> measures,
      ColumnScope scope,
      java.util.function.Predicate<Aggregation> allowed) {
    List<MeasureSpec> specs = new ArrayList<>();
    for (YamlMapping measure : measures) {
      int before = sql.errors().count();
      List<String> kinds = AGGREGATIONS.stream().filter(measure::has).toList();
      Optional<Aggregation> aggregation = Optional.empty();
      Optional<String> expression = Optional.empty();
      if (kinds.isEmpty()) {
        measure.error(
            "the measure has no aggregation (add one of "
                + String.join(", ", AGGREGATIONS)
                + ", e.g. count: \"*\")");
      } else if (kinds.size() > 1) {
        measure.error(
            "a measure has exactly one of "
                + String.join(", ", AGGREGATIONS)
                + "; found "
                + String.join(", ", kinds)
                + " (declare one measure per aggregation)");
      } else {
        String kind = kinds.get(0);
        aggregation = Optional.of(Aggregation.valueOf(kind.toUpperCase(Locale.ROOT)));
        if (!allowed.test(aggregation.get())) {
          measure.error(
              kind,
              "avg cannot be merged incrementally: declare a sum and a count and"
                  + " derive the average under 'derived'");
        }
        expression = measure.scalar(kind).flatMap(value -> expression(value, kind, scope));
      }
      Optional<YamlScalar> filter = measure.scalar("filter");
      filter.ifPresent(condition -> sql.expression(condition, scope));
      measure.rejectUnknownKeys();
      if (sql.errors().count() == before) {
        specs.add(
            new MeasureSpec(
                measure.name(),
                aggregation.orElseThrow(),
                expression,
                filter.map(YamlScalar::text)));
      }
    }
    return specs;
  }

  /** The SQL aggregated; empty for {@code count: "*"}. */
  private Optional<String> expression(YamlScalar value, String kind, ColumnScope scope) {
    if (!value.text().equals("*")) {
      sql.expression(value, scope);
      return Optional.of(value.text());
    }
    if (!kind.equals("count")) {
      sql.errors()
          .add(
              value.line(),
              value.path(),
              "'*' works with count only (write the SQL to"
                  + " aggregate, e.g. "
                  + kind
                  + ": \"CAST(properties['amount'] AS DOUBLE)\")");
    }
    return Optional.empty();
  }
}
