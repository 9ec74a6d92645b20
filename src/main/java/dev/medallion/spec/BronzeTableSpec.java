package dev.medallion.spec;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A bronze table: every record of one source exactly as received, with audit columns, partitioned
 * by ingestion date, change data feed on.
 *
 * @param source the name of the source in {@link PipelineSpec#sources()}
 * @param sourceSystem the value of the {@code source_system} audit column
 * @param trigger micro-batch interval of the continuous run; zero means as fast as possible
 * @param tableProperties extra Delta table properties
 */
public record BronzeTableSpec(
    String name,
    String source,
    String sourceSystem,
    Duration trigger,
    Map<String, String> tableProperties) {

  public BronzeTableSpec {
    requireNonNull(name, "name");
    requireNonNull(source, "source");
    requireNonNull(sourceSystem, "sourceSystem");
    requireNonNull(trigger, "trigger");
    tableProperties = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(tableProperties, "tableProperties")));
  }

  public String qualifiedName() {
    return "bronze." + name;
  }

  /** The partition column of every bronze table. */
  public static final List<String> PARTITION_COLUMNS = List.of("ingestion_date");
}
