package dev.medallion.ops;

import static java.util.Objects.requireNonNull;

import dev.medallion.spec.SourceSpec;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Kafka a command talks to: a bootstrap address and client properties (security settings for
 * Event Hubs or a secured cluster).
 */
public record KafkaEndpoint(String bootstrap, Map<String, String> properties) {
  public KafkaEndpoint {
    requireNonNull(bootstrap, "bootstrap");
    properties = Map.copyOf(requireNonNull(properties, "properties"));
  }

  /** The endpoint of a source: its own bootstrap and properties win over this default's. */
  public KafkaEndpoint forSource(SourceSpec source) {
    Map<String, String> merged = new LinkedHashMap<>(properties);
    merged.putAll(source.properties());
    return new KafkaEndpoint(source.bootstrap().orElse(bootstrap), merged);
  }

  /** The properties as a Kafka client configuration, bootstrap included. */
  public Map<String, Object> clientConfig() {
    Map<String, Object> config = new LinkedHashMap<>(properties);
    config.put("bootstrap.servers", bootstrap);
    return config;
  }
}
