package dev.medallion.spec;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A silver table: the payload of a bronze table parsed with a declared schema, standardized,
 * checked by quality rules, deduplicated on a business key. Records that fail a rule go to the
 * table's quarantine ({@code silver.<name>_quarantine}) with every reason.
 *
 * @param from the qualified bronze table it reads ({@code bronze.events})
 * @param standardize column to SQL expression, applied in order, replacing the parsed value
 * @param derive new column to SQL expression, applied after standardization
 * @param partitionBy partition columns (parsed or derived)
 */
public record SilverTableSpec(
    String name,
    String from,
    List<FieldSpec> schema,
    Map<String, String> standardize,
    Map<String, String> derive,
    List<RuleSpec> rules,
    Optional<DedupSpec> dedup,
    List<String> partitionBy) {

  public SilverTableSpec {
    requireNonNull(name, "name");
    requireNonNull(from, "from");
    schema = List.copyOf(requireNonNull(schema, "schema"));
    standardize = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(standardize, "standardize")));
    derive = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(derive, "derive")));
    rules = List.copyOf(requireNonNull(rules, "rules"));
    dedup = dedup == null ? Optional.empty() : dedup;
    partitionBy = List.copyOf(requireNonNull(partitionBy, "partitionBy"));
  }

  public String qualifiedName() {
    return "silver." + name;
  }

  public String quarantineName() {
    return "silver." + name + "_quarantine";
  }
}
