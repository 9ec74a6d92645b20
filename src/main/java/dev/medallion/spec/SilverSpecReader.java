package dev.medallion.spec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the {@code silver} section: for each table its schema, standardization, derived columns,
 * rules, deduplication and partitioning, checking every column reference against the columns the
 * table has at that step.
 */
final class SilverSpecReader {
  /** Why silver and gold have no micro-batch settings of their own. */
  static final String IN_SOURCE_BATCH = "silver and gold run in their source's micro-batch";

  /**
   * The outcome of reading the section.
   *
   * @param tables the valid tables by name
   * @param columns the columns of every declared table, valid or not (for the gold section)
   */
  record Result(Map<String, SilverTableSpec> tables, Map<String, ColumnScope> columns) {}

  private final SqlFragments sql;
  private final RuleReader rules;

  SilverSpecReader(SqlFragments sql) {
    this.sql = sql;
    this.rules = new RuleReader(sql);
  }

  /** Reads every table; {@code bronze} holds the names declared under {@code bronze}. */
  Result read(List<YamlMapping> tables, Collection<String> bronze) {
    Map<String, SilverTableSpec> specs = new LinkedHashMap<>();
    Map<String, ColumnScope> columns = new LinkedHashMap<>();
    for (YamlMapping table : tables) {
      read(table, bronze, columns).ifPresent(spec -> specs.put(spec.name(), spec));
    }
    return new Result(specs, columns);
  }

  private Optional<SilverTableSpec> read(
      YamlMapping table, Collection<String> bronze, Map<String, ColumnScope> columns) {
    int before = sql.errors().count();
    sql.tableName(table);
    checkQuarantineClash(table, columns.keySet());
    Optional<YamlScalar> from = table.requiredScalar("from", "bronze.events");
    if (!bronze.isEmpty()) {
      // an empty bronze section is reported once, where it is written
      from.ifPresent(reference -> sql.table(reference, "bronze", bronze));
    }
    List<YamlMapping> fieldMappings =
        table.requiredMappings("schema", "{event_id: {type: string, required: true}}");
    List<FieldSpec> schema = readSchema(table, fieldMappings);
    List<String> fields = fieldMappings.stream().map(YamlMapping::name).toList();
    ColumnScope parsed = ColumnScope.of(fields).plus(BronzeColumns.VISIBLE_TO_SILVER);

    Map<String, YamlScalar> standardize = table.scalars("standardize");
    Map<String, YamlScalar> derive = table.scalars("derive");
    standardize.forEach(
        (column, expression) -> {
          if (ColumnScope.of(fields).contains(column)) {
            sql.expression(expression, parsed.before(derive.keySet()));
          } else {
            sql.errors()
                .add(
                    expression.line(),
                    expression.path(),
                    "'"
                        + column
                        + "' is not a schema field (standardize rewrites a parsed field; add new"
                        + " columns under derive)");
          }
        });

    List<String> derived = new ArrayList<>();
    List<String> notYet = new ArrayList<>(derive.keySet());
    derive.forEach(
        (column, expression) -> {
          if (parsed.contains(column)) {
            sql.errors()
                .add(
                    expression.line(),
                    expression.path(),
                    "column '"
                        + column
                        + "' already exists (derive adds new columns; rewrite a schema field under"
                        + " standardize)");
          }
          notYet.remove(column);
          ColumnScope scope = ColumnScope.of(fields).plus(derived);
          sql.expression(expression, scope.plus(BronzeColumns.VISIBLE_TO_SILVER).before(notYet));
          derived.add(column);
        });
    ColumnScope all = ColumnScope.of(fields).plus(derived).plus(BronzeColumns.VISIBLE_TO_SILVER);
    columns.put(table.name(), all);

    List<RuleSpec> ruleSpecs = rules.read(table.mappingList("rules"), all);
    Optional<DedupSpec> dedup = table.mapping("dedup").flatMap(mapping -> readDedup(mapping, all));
    List<YamlScalar> partitionBy = table.scalarList("partition-by");
    sql.columns(partitionBy, all);
    String bronzeTable =
        from.map(YamlScalar::text)
            .filter(text -> text.startsWith("bronze."))
            .orElse("its bronze table");
    rejectRemoved(table, "trigger", "set trigger on " + bronzeTable + " instead");
    rejectRemoved(
        table,
        "max-bytes-per-trigger",
        "bound a micro-batch with max-offsets-per-trigger on the source instead");
    table.rejectUnknownKeys();
    if (sql.errors().count() != before) {
      return Optional.empty();
    }
    return Optional.of(
        new SilverTableSpec(
            table.name(),
            from.orElseThrow().text(),
            schema,
            SourceSpecReader.texts(standardize),
            SourceSpecReader.texts(derive),
            ruleSpecs,
            dedup,
            partitionBy.stream().map(YamlScalar::text).toList()));
  }

  /**
   * Reports a key that silver and gold no longer have: they run in the micro-batch of their
   * source, which the source and its bronze table set.
   */
  static void rejectRemoved(YamlMapping mapping, String key, String instead) {
    mapping.rejectRetiredKey(key, IN_SOURCE_BATCH + " (" + instead + ")");
  }

  private List<FieldSpec> readSchema(YamlMapping table, List<YamlMapping> fields) {
    List<FieldSpec> schema = new ArrayList<>();
    for (YamlMapping field : fields) {
      Optional<YamlScalar> type = field.requiredScalar("type", "string");
      type.ifPresent(sql::type);
      boolean required = field.value("required", ValueFormat.FLAG, false);
      field.rejectUnknownKeys();
      type.ifPresent(text -> schema.add(new FieldSpec(field.name(), text.text(), required)));
    }
    return schema;
  }

  private Optional<DedupSpec> readDedup(YamlMapping dedup, ColumnScope columns) {
    List<YamlScalar> keys = dedup.requiredScalarList("keys", "[event_id]");
    sql.columns(keys, columns);
    Optional<YamlScalar> orderBy = dedup.requiredScalar("order-by", "event_time");
    orderBy.ifPresent(column -> sql.column(column, columns));
    Optional<Duration> within = dedup.requiredValue("within", ValueFormat.DURATION, "30d");
    dedup.rejectUnknownKeys();
    if (keys.isEmpty() || orderBy.isEmpty() || within.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new DedupSpec(
            keys.stream().map(YamlScalar::text).toList(), orderBy.get().text(), within.get()));
  }

  /** {@code events_quarantine} is taken when {@code events} exists, and the other way round. */
  private void checkQuarantineClash(YamlMapping table, Collection<String> earlier) {
    for (String other : earlier) {
      if (table.name().equals(other + "_quarantine")
          || other.equals(table.name() + "_quarantine")) {
        String owner = table.name().endsWith("_quarantine") ? other : table.name();
        table.error(
            "silver."
                + owner
                + "_quarantine is the quarantine table of silver."
                + owner
                + " (choose another name)");
      }
    }
  }
}
