package dev.medallion.spec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads {@code gold.facts}: for each fact its source, grain, measures, derived columns, lookups
 * into dimensions and partitioning.
 */
final class FactSpecReader {
  static final String DEFAULT_UNKNOWN = "UNKNOWN";

  private final SqlFragments sql;
  private final MeasureReader measures;

  FactSpecReader(SqlFragments sql) {
    this.sql = sql;
    this.measures = new MeasureReader(sql);
  }

  /**
   * The valid facts by name.
   *
   * @param silver the columns of every declared silver table
   * @param tracked the tracked columns of every declared dimension
   */
  Map<String, FactSpec> read(
      List<YamlMapping> facts, Map<String, ColumnScope> silver, Map<String, List<String>> tracked) {
    Map<String, FactSpec> specs = new LinkedHashMap<>();
    for (YamlMapping fact : facts) {
      read(fact, silver, tracked).ifPresent(spec -> specs.put(spec.name(), spec));
    }
    return specs;
  }

  private Optional<FactSpec> read(
      YamlMapping fact, Map<String, ColumnScope> silver, Map<String, List<String>> tracked) {
    int before = sql.errors().count();
    sql.tableName(fact);
    Optional<YamlScalar> from = fact.requiredScalar("from", "silver.events");
    ColumnScope silverColumns =
        from.flatMap(table -> sql.table(table, "silver", silver.keySet()))
            .map(silver::get)
            .orElse(ColumnScope.anything());
    List<YamlScalar> grain = fact.requiredScalarList("grain", "[event_date, customer_id]");
    List<YamlMapping> measureMappings =
        fact.requiredMappings("measures", "{event_count: {count: \"*\"}}");
    Map<String, YamlScalar> derived = fact.scalars("derived");
    List<LookupSpec> lookups = new ArrayList<>();
    List<String> attributes = new ArrayList<>();
    for (YamlMapping lookup : fact.mappingList("lookups")) {
      readLookup(lookup, silverColumns, tracked, attributes).ifPresent(lookups::add);
    }
    List<YamlScalar> partitionBy = fact.scalarList("partition-by");
    fact.rejectUnknownKeys();

    ColumnScope source = silverColumns.plus(attributes);
    sql.columns(grain, source);
    List<String> grainNames = grain.stream().map(YamlScalar::text).toList();
    List<MeasureSpec> measureSpecs = measures.forFact(measureMappings, source);
    List<String> columns = new ArrayList<>(grainNames);
    for (YamlMapping measure : measureMappings) {
      requireNew(measure.name(), columns, measure.line(), measure.path());
    }
    derived.forEach(
        (name, expression) -> {
          sql.expression(expression, ColumnScope.of(columns));
          requireNew(name, columns, expression.line(), expression.path());
        });
    for (YamlScalar column : partitionBy) {
      if (!ColumnScope.of(grainNames).contains(column.text())) {
        sql.errors()
            .add(
                column.line(),
                column.path(),
                "'"
                    + column.text()
                    + "' is not a grain"
                    + " column (partition a fact by grain columns: "
                    + String.join(", ", grainNames)
                    + ")");
      }
    }
    if (sql.errors().count() != before) {
      return Optional.empty();
    }
    return Optional.of(
        new FactSpec(
            fact.name(),
            from.orElseThrow().text(),
            grainNames,
            measureSpecs,
            SourceSpecReader.texts(derived),
            lookups,
            partitionBy.stream().map(YamlScalar::text).toList()));
  }

  private Optional<LookupSpec> readLookup(
      YamlMapping lookup,
      ColumnScope silverColumns,
      Map<String, List<String>> tracked,
      List<String> attributes) {
    int before = sql.errors().count();
    Optional<YamlScalar> dimension = lookup.requiredScalar("dimension", "dim_customer");
    List<String> known = dimension.map(name -> tracked.get(name.text())).orElse(null);
    if (dimension.isPresent() && known == null) {
      YamlScalar name = dimension.get();
      String declared =
          tracked.isEmpty()
              ? "no dimensions are declared"
              : "dimensions: " + String.join(", ", tracked.keySet());
      sql.errors()
          .add(
              name.line(),
              name.path(),
              "unknown dimension '"
                  + name.text()
                  + "' ("
                  + Suggestions.didYouMean(name.text(), tracked.keySet())
                  + declared
                  + ")");
    }
    Optional<YamlScalar> key = lookup.requiredScalar("key", "customer_id");
    key.ifPresent(column -> sql.column(column, silverColumns));
    List<YamlScalar> wanted = lookup.requiredScalarList("attributes", "[customer_tier]");
    for (YamlScalar attribute : wanted) {
      attributes.add(attribute.text());
      if (known != null && !known.contains(attribute.text())) {
        sql.errors()
            .add(
                attribute.line(),
                attribute.path(),
                "'"
                    + attribute.text()
                    + "' is not"
                    + " tracked by dimension "
                    + dimension.get().text()
                    + " ("
                    + Suggestions.didYouMean(attribute.text(), known)
                    + "tracked: "
                    + String.join(", ", known)
                    + ")");
      }
    }
    String unknown = lookup.string("unknown", DEFAULT_UNKNOWN);
    lookup.rejectUnknownKeys();
    if (sql.errors().count() != before) {
      return Optional.empty();
    }
    return Optional.of(
        new LookupSpec(
            dimension.get().text(),
            key.get().text(),
            wanted.stream().map(YamlScalar::text).toList(),
            unknown));
  }

  /** Adds a measure or derived column to the fact's columns, unless the name is taken. */
  private void requireNew(String name, List<String> columns, int line, String path) {
    if (ColumnScope.of(columns).contains(name)) {
      sql.errors()
          .add(
              line,
              path,
              "column '"
                  + name
                  + "' already exists in this fact (grain,"
                  + " measure and derived columns need distinct names)");
    } else {
      columns.add(name);
    }
  }
}
