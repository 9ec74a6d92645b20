package dev.medallion.quality;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.unix_micros;
import static org.apache.spark.sql.functions.when;

import dev.medallion.spec.FieldSpec;
import dev.medallion.spec.RuleAction;
import dev.medallion.spec.RuleSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;

/**
 * Turns a silver table's required fields and rules into two columns: every reason a record fails
 * (an array, empty for a valid record) and whether it broke a rule whose action is {@code fail}.
 * A rule whose value is unknown (NULL) passes, as a SQL CHECK does.
 */
public final class QualityVerdict {
  private final List<FieldSpec> schema;
  private final List<RuleSpec> rules;

  public QualityVerdict(List<FieldSpec> schema, List<RuleSpec> rules) {
    this.schema = List.copyOf(schema);
    this.rules = List.copyOf(rules);
  }

  /** Every reason the record fails, in declaration order: required fields first, then rules. */
  public Column reasons() {
    // concat of one- or zero-element arrays rather than array_compact: array_compact is a
    // higher-order function without generated code, and it made every rule interpreted
    Column none = array().cast("array<string>");
    List<Column> reasons = new ArrayList<>();
    for (FieldSpec field : schema) {
      if (field.required()) {
        reasons.add(
            when(col(field.name()).isNull(), array(lit("missing required field '" + field.name() + "'")))
                .otherwise(none));
      }
    }
    for (RuleSpec rule : rules) {
      reasons.add(when(not(passes(rule)), array(lit(rule.reason()))).otherwise(none));
    }
    return reasons.isEmpty() ? none : concat(reasons.toArray(Column[]::new));
  }

  /** True where the record breaks at least one rule whose action is {@code fail}. */
  public Column breaksFailRule() {
    Column broken = lit(false);
    for (RuleSpec rule : rules) {
      if (rule.action() == RuleAction.FAIL) {
        broken = broken.or(not(passes(rule)));
      }
    }
    return broken;
  }

  /** The rule's condition, true where a record passes (NULL counts as passing). */
  public static Column passes(RuleSpec rule) {
    Column condition;
    if (rule instanceof RuleSpec.NotNull notNull) {
      condition = allNotNull(notNull.columns());
    } else if (rule instanceof RuleSpec.Matches matches) {
      condition = AsciiText.matchesWhole(col(matches.column()), matches.pattern());
    } else if (rule instanceof RuleSpec.Freshness fresh) {
      // in microseconds since the epoch: an interval added to a timestamp goes through a
      // ZonedDateTime per row (2% of silver's CPU), and a rule's age is a duration, not a
      // calendar span that a change of daylight-saving time would stretch
      Column value = unix_micros(col(fresh.column()).cast("timestamp"));
      Column reference = unix_micros(col(fresh.reference()).cast("timestamp"));
      condition =
          value
              .geq(reference.minus(lit(micros(fresh.maxAge()))))
              .and(value.leq(reference.plus(lit(micros(fresh.maxAhead())))));
    } else {
      condition = expr(((RuleSpec.Expression) rule).sql());
    }
    return coalesce(condition, lit(true));
  }

  private static long micros(Duration duration) {
    return Math.multiplyExact(duration.getSeconds(), 1_000_000L) + duration.getNano() / 1_000;
  }

  private static Column allNotNull(List<String> columns) {
    Column all = lit(true);
    for (String column : columns) {
      all = all.and(col(column).isNotNull());
    }
    return all;
  }
}
