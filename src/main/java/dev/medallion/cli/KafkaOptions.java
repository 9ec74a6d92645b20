package dev.medallion.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** Options choosing the Kafka to talk to: an external one, or the embedded broker by default. */
final class KafkaOptions {
  @Option(
      names = "--bootstrap",
      paramLabel = "HOST:PORT",
      description = "External Kafka (or Event Hubs) bootstrap address. Default: the embedded broker under --home.")
  String bootstrap;

  @Option(
      names = "--kafka-property",
      paramLabel = "KEY=VALUE",
      description = "Kafka client property, repeatable (e.g. security.protocol=SASL_SSL).")
  Map<String, String> properties = new LinkedHashMap<>();
}
