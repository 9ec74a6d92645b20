package dev.medallion.spec;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A whole pipeline: where its tables live, its sources, and the tables of each layer. Maps keep
 * the spec's order; keys are the short names used in the spec ({@code events}), while {@link
 * #tableName} gives the qualified name users query ({@code silver.events}).
 */
public record PipelineSpec(
    String name,
    StorageSpec storage,
    Map<String, SourceSpec> sources,
    Map<String, BronzeTableSpec> bronze,
    Map<String, SilverTableSpec> silver,
    GoldSpec gold) {

  public PipelineSpec {
    requireNonNull(name, "name");
    requireNonNull(storage, "storage");
    sources = copy(sources, "sources");
    bronze = copy(bronze, "bronze");
    silver = copy(silver, "silver");
    requireNonNull(gold, "gold");
  }

  /** The source a bronze table reads from; the loader guarantees it exists. */
  public SourceSpec sourceOf(BronzeTableSpec table) {
    return requireNonNull(sources.get(table.source()), () -> "no source " + table.source());
  }

  /** The bronze table a silver table reads from, if the name is one. */
  public Optional<BronzeTableSpec> bronzeTable(String qualifiedName) {
    return Optional.ofNullable(
        qualifiedName.startsWith("bronze.") ? bronze.get(qualifiedName.substring(7)) : null);
  }

  /** The silver table of that qualified name ({@code silver.events}), if any. */
  public Optional<SilverTableSpec> silverTable(String qualifiedName) {
    return Optional.ofNullable(
        qualifiedName.startsWith("silver.") ? silver.get(qualifiedName.substring(7)) : null);
  }

  private static <V> Map<String, V> copy(Map<String, V> map, String what) {
    return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(map, what)));
  }
}
