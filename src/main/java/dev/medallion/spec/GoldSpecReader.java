package dev.medallion.spec;

import dev.medallion.spec.DimensionSpec.ScdType;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the {@code gold} section: dimensions, facts (see {@link FactSpecReader}), windows and
 * views. Their names share the {@code gold} schema, so they must differ across the four kinds.
 */
final class GoldSpecReader {
  private final SqlFragments sql;
  private final FactSpecReader facts;
  private final MeasureReader measures;
  private final Map<String, Integer> names = new HashMap<>();

  GoldSpecReader(SqlFragments sql) {
    this.sql = sql;
    this.facts = new FactSpecReader(sql);
    this.measures = new MeasureReader(sql);
  }

  /**
   * The gold layer, or {@link GoldSpec#none()} when the section is left out.
   *
   * @param silver the columns of every declared silver table, valid or not
   */
  GoldSpec read(Optional<YamlMapping> section, Map<String, ColumnScope> silver) {
    if (section.isEmpty()) {
      return GoldSpec.none();
    }
    YamlMapping gold = section.get();
    SilverSpecReader.rejectRemoved(gold, "trigger", "set trigger on the bronze tables instead");
    Map<String, DimensionSpec> dimensions = new LinkedHashMap<>();
    Map<String, List<String>> tracked = new LinkedHashMap<>();
    for (YamlMapping dimension : gold.mappings("dimensions")) {
      claimName(dimension.name(), dimension.line(), dimension.path());
      readDimension(dimension, silver, tracked)
          .ifPresent(spec -> dimensions.put(spec.name(), spec));
    }
    List<YamlMapping> factMappings = gold.mappings("facts");
    factMappings.forEach(fact -> claimName(fact.name(), fact.line(), fact.path()));
    Map<String, FactSpec> factSpecs = facts.read(factMappings, silver, tracked);
    Map<String, WindowSpec> windows = new LinkedHashMap<>();
    for (YamlMapping window : gold.mappings("windows")) {
      claimName(window.name(), window.line(), window.path());
      readWindow(window, silver).ifPresent(spec -> windows.put(spec.name(), spec));
    }
    Map<String, ViewSpec> views = new LinkedHashMap<>();
    gold.scalars("views")
        .forEach(
            (name, query) -> {
              claimName(name, query.line(), query.path());
              sql.tableName(name, query.line(), query.path());
              sql.query(query);
              views.put(name, new ViewSpec(name, query.text()));
            });
    gold.rejectUnknownKeys();
    return new GoldSpec(dimensions, factSpecs, windows, views);
  }

  private Optional<DimensionSpec> readDimension(
      YamlMapping dimension, Map<String, ColumnScope> silver, Map<String, List<String>> tracked) {
    int before = sql.errors().count();
    sql.tableName(dimension);
    Optional<YamlScalar> from = dimension.requiredScalar("from", "silver.customers");
    ColumnScope columns = silverColumns(from, silver);
    Optional<YamlScalar> key = dimension.requiredScalar("key", "customer_id");
    key.ifPresent(column -> sql.column(column, columns));
    List<YamlScalar> trackedColumns =
        dimension.requiredScalarList("tracked", "[customer_name, customer_tier]");
    sql.columns(trackedColumns, columns);
    tracked.put(dimension.name(), trackedColumns.stream().map(YamlScalar::text).toList());
    Optional<YamlScalar> sequence = dimension.requiredScalar("sequence", "effective_time");
    sequence.ifPresent(column -> sql.column(column, columns));
    String scd = dimension.value("scd", ValueFormat.oneOf(List.of("1", "2")), "2");
    dimension.rejectUnknownKeys();
    if (sql.errors().count() != before) {
      return Optional.empty();
    }
    return Optional.of(
        new DimensionSpec(
            dimension.name(),
            from.get().text(),
            key.get().text(),
            tracked.get(dimension.name()),
            sequence.get().text(),
            scd.equals("1") ? ScdType.TYPE1 : ScdType.TYPE2));
  }

  private Optional<WindowSpec> readWindow(YamlMapping window, Map<String, ColumnScope> silver) {
    int before = sql.errors().count();
    sql.tableName(window);
    Optional<YamlScalar> from = window.requiredScalar("from", "silver.events");
    ColumnScope columns = silverColumns(from, silver);
    Optional<YamlScalar> time = window.requiredScalar("time", "event_time");
    time.ifPresent(column -> sql.column(column, columns));
    Optional<Duration> size = window.requiredValue("size", ValueFormat.DURATION, "5m");
    if (size.filter(Duration::isZero).isPresent()) {
      window.error("size", "a window must last longer than 0s (write e.g. size: 5m)");
    }
    Optional<Duration> watermark = Optional.empty();
    if (window.has("watermark")) {
      watermark = window.requiredValue("watermark", ValueFormat.DURATION, "10m");
    } else {
      window.error(
          "missing key 'watermark': a window must say how late its events may arrive"
              + " before it is final (add e.g. watermark: 10m)");
    }
    List<YamlScalar> groupBy = window.scalarList("group-by");
    sql.columns(groupBy, columns);
    List<YamlMapping> measureMappings =
        window.requiredMappings("measures", "{event_count: {count: \"*\"}}");
    List<MeasureSpec> measureSpecs = measures.forWindow(measureMappings, columns);
    for (YamlMapping measure : measureMappings) {
      if (ColumnScope.of(groupBy.stream().map(YamlScalar::text).toList())
          .contains(measure.name())) {
        measure.error(
            "column '"
                + measure.name()
                + "' already exists in this window (group-by and"
                + " measure columns need distinct names)");
      }
    }
    window.rejectUnknownKeys();
    if (sql.errors().count() != before) {
      return Optional.empty();
    }
    return Optional.of(
        new WindowSpec(
            window.name(),
            from.get().text(),
            time.get().text(),
            size.get(),
            watermark.get(),
            groupBy.stream().map(YamlScalar::text).toList(),
            measureSpecs));
  }

  private ColumnScope silverColumns(Optional<YamlScalar> from, Map<String, ColumnScope> silver) {
    return from.flatMap(table -> sql.table(table, "silver", silver.keySet()))
        .map(silver::get)
        .orElse(ColumnScope.anything());
  }

  /** Dimensions, facts, windows and views are all tables or views of the {@code gold} schema. */
  private void claimName(String name, int line, String path) {
    Integer first = names.putIfAbsent(name, line);
    if (first != null) {
      sql.errors()
          .add(
              line,
              path,
              "gold."
                  + name
                  + " is already declared at line "
                  + first
                  + " (dimensions, facts, windows and views share the gold schema; choose another"
                  + " name)");
    }
  }
}
