package dev.medallion.spec;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads the {@code bronze} section: one raw table per source. */
final class BronzeSpecReader {
  static final String DEFAULT_SOURCE_SYSTEM = "kafka";
  static final Duration DEFAULT_TRIGGER = Duration.ofSeconds(1);

  private final SqlFragments sql;

  BronzeSpecReader(SqlFragments sql) {
    this.sql = sql;
  }

  /**
   * The bronze tables that are valid, by name, in the spec's order.
   *
   * @param sources the names declared under {@code sources}, valid or not
   */
  Map<String, BronzeTableSpec> read(List<YamlMapping> tables, Collection<String> sources) {
    Map<String, BronzeTableSpec> specs = new LinkedHashMap<>();
    tables.forEach(table -> read(table, sources).ifPresent(spec -> specs.put(spec.name(), spec)));
    return specs;
  }

  private Optional<BronzeTableSpec> read(YamlMapping table, Collection<String> sources) {
    int before = sql.errors().count();
    sql.tableName(table);
    Optional<YamlScalar> source = table.requiredScalar("source", "events");
    source.ifPresent(name -> checkSource(name, sources));
    String sourceSystem = table.string("source-system", DEFAULT_SOURCE_SYSTEM);
    Duration trigger = table.value("trigger", ValueFormat.DURATION, DEFAULT_TRIGGER);
    Map<String, String> properties = SourceSpecReader.texts(table.scalars("table-properties"));
    table.rejectUnknownKeys();
    if (sql.errors().count() != before) {
      return Optional.empty();
    }
    return Optional.of(
        new BronzeTableSpec(
            table.name(), source.orElseThrow().text(), sourceSystem, trigger, properties));
  }

  private void checkSource(YamlScalar name, Collection<String> sources) {
    // an empty sources section is reported once, where it is written
    if (!sources.isEmpty() && !sources.contains(name.text())) {
      sql.errors()
          .add(
              name.line(),
              name.path(),
              "unknown source '"
                  + name.text()
                  + "' ("
                  + Suggestions.didYouMean(name.text(), sources)
                  + "sources: "
                  + String.join(", ", sources)
                  + ")");
    }
  }
}
