package dev.medallion.spec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads the {@code rules} of a silver table: each rule has a {@code name}, an optional {@code
 * on-fail} and exactly one check ({@code not-null}, {@code matches}, {@code freshness}, {@code
 * check}).
 */
final class RuleReader {
  static final List<String> KINDS = List.of("not-null", "matches", "freshness", "check");
  static final String DEFAULT_REFERENCE = BronzeColumns.INGESTION_TIMESTAMP;

  private final SqlFragments sql;

  RuleReader(SqlFragments sql) {
    this.sql = sql;
  }

  /** The valid rules in the spec's order; {@code scope} is every column of the table. */
  List<RuleSpec> read(List<YamlMapping> rules, ColumnScope scope) {
    List<RuleSpec> specs = new ArrayList<>();
    Map<String, Integer> names = new HashMap<>();
    for (YamlMapping rule : rules) {
      int before = sql.errors().count();
      Optional<String> name = rule.requiredString("name", "customer_id_format");
      name.ifPresent(text -> checkUnique(rule, text, names));
      RuleAction action = rule.choice("on-fail", RuleAction.QUARANTINE);
      List<String> kinds = KINDS.stream().filter(rule::has).toList();
      Optional<RuleSpec> spec = Optional.empty();
      if (kinds.isEmpty()) {
        rule.error("the rule has no check (add one of " + String.join(", ", KINDS) + ")");
      } else if (kinds.size() > 1) {
        rule.error(
            "a rule has exactly one of "
                + String.join(", ", KINDS)
                + "; found "
                + String.join(", ", kinds)
                + " (split it into one rule per check)");
      } else {
        spec = read(rule, kinds.get(0), name.orElse(""), action, scope);
      }
      rule.rejectUnknownKeys();
      if (sql.errors().count() == before) {
        specs.add(spec.orElseThrow());
      }
    }
    return specs;
  }

  private Optional<RuleSpec> read(
      YamlMapping rule, String kind, String name, RuleAction action, ColumnScope scope) {
    switch (kind) {
      case "not-null" -> {
        List<YamlScalar> columns = rule.requiredScalarList(kind, "[event_id, event_time]");
        sql.columns(columns, scope);
        return Optional.of(
            new RuleSpec.NotNull(name, columns.stream().map(YamlScalar::text).toList(), action));
      }
      case "matches" -> {
        return rule.requiredMapping(kind, "{column: customer_id, pattern: \"[0-9]{10}\"}")
            .flatMap(matches -> readMatches(matches, name, action, scope));
      }
      case "freshness" -> {
        return rule.requiredMapping(kind, "{column: event_time, max-age: 30d}")
            .flatMap(freshness -> readFreshness(freshness, name, action, scope));
      }
      default -> {
        Optional<YamlScalar> check = rule.requiredScalar(kind, "\"amount >= 0\"");
        check.ifPresent(expression -> sql.expression(expression, scope));
        return check.map(expression -> new RuleSpec.Expression(name, expression.text(), action));
      }
    }
  }

  private Optional<RuleSpec> readMatches(
      YamlMapping matches, String name, RuleAction action, ColumnScope scope) {
    Optional<YamlScalar> column = matches.requiredScalar("column", "customer_id");
    column.ifPresent(text -> sql.column(text, scope));
    Optional<YamlScalar> pattern = matches.requiredScalar("pattern", "\"[0-9]{10}\"");
    pattern.ifPresent(this::checkPattern);
    matches.rejectUnknownKeys();
    if (column.isEmpty() || pattern.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new RuleSpec.Matches(name, column.get().text(), pattern.get().text(), action));
  }

  private Optional<RuleSpec> readFreshness(
      YamlMapping freshness, String name, RuleAction action, ColumnScope scope) {
    Optional<YamlScalar> column = freshness.requiredScalar("column", "event_time");
    column.ifPresent(text -> sql.column(text, scope));
    Optional<YamlScalar> reference = freshness.scalar("reference");
    reference.ifPresent(text -> sql.column(text, scope));
    Optional<Duration> maxAge = freshness.requiredValue("max-age", ValueFormat.DURATION, "30d");
    Duration maxAhead = freshness.value("max-ahead", ValueFormat.DURATION, Duration.ZERO);
    freshness.rejectUnknownKeys();
    if (column.isEmpty() || maxAge.isEmpty()) {
      return Optional.empty();
    }
    String referenceColumn = reference.map(YamlScalar::text).orElse(DEFAULT_REFERENCE);
    return Optional.of(
        new RuleSpec.Freshness(
            name, column.get().text(), referenceColumn, maxAge.get(), maxAhead, action));
  }

  private void checkPattern(YamlScalar pattern) {
    try {
      Pattern.compile(pattern.text());
    } catch (PatternSyntaxException e) {
      sql.errors()
          .add(
              pattern.line(),
              pattern.path(),
              "not a regular expression: "
                  + e.getDescription()
                  + " near index "
                  + e.getIndex()
                  + " (write a Java regular expression such as \"[0-9]{10}\")");
    }
  }

  private void checkUnique(YamlMapping rule, String name, Map<String, Integer> names) {
    Integer first = names.putIfAbsent(name, rule.line());
    if (first != null) {
      rule.error(
          "name",
          "another rule of this table is named '"
              + name
              + "' (line "
              + first
              + "); give each rule its own name, it labels quarantine reasons and metrics");
    }
  }
}
