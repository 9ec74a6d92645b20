package dev.medallion.spec;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A Kafka topic (or an Event Hubs namespace over the Kafka protocol) feeding one bronze table.
 *
 * @param bootstrap Kafka address; empty means the embedded broker or the CLI's {@code --bootstrap}
 * @param properties extra Kafka client properties, e.g. {@code security.protocol: SASL_SSL}
 * @param partitions partition count used when Medallion creates the topic itself
 */
public record SourceSpec(
    String name,
    String topic,
    Optional<String> bootstrap,
    Map<String, String> properties,
    StartingOffsets startingOffsets,
    long maxOffsetsPerTrigger,
    int partitions,
    PayloadFormat format) {

  public SourceSpec {
    requireNonNull(name, "name");
    requireNonNull(topic, "topic");
    bootstrap = bootstrap == null ? Optional.empty() : bootstrap;
    properties = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(properties, "properties")));
    requireNonNull(startingOffsets, "startingOffsets");
    requireNonNull(format, "format");
    if (maxOffsetsPerTrigger <= 0) {
      throw new IllegalArgumentException("maxOffsetsPerTrigger must be positive");
    }
    if (partitions <= 0) {
      throw new IllegalArgumentException("partitions must be positive");
    }
  }

  /** Where a stream starts reading when it has no checkpoint yet. */
  public enum StartingOffsets {
    EARLIEST,
    LATEST
  }

  /** How a record's value is encoded. */
  public enum PayloadFormat {
    JSON
  }
}
