package dev.medallion.spec;

import dev.medallion.spec.SourceSpec.PayloadFormat;
import dev.medallion.spec.SourceSpec.StartingOffsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads the {@code sources} section: one Kafka topic per entry. */
final class SourceSpecReader {
  static final long DEFAULT_MAX_OFFSETS_PER_TRIGGER = 1_000_000L;
  static final int DEFAULT_PARTITIONS = 2;

  private final SpecErrors errors;

  SourceSpecReader(SpecErrors errors) {
    this.errors = errors;
  }

  /** The sources that are valid, by name, in the spec's order; errors go to {@link SpecErrors}. */
  Map<String, SourceSpec> read(List<YamlMapping> sources) {
    Map<String, SourceSpec> specs = new LinkedHashMap<>();
    sources.forEach(source -> read(source).ifPresent(spec -> specs.put(spec.name(), spec)));
    return specs;
  }

  private Optional<SourceSpec> read(YamlMapping source) {
    int before = errors.count();
    Optional<String> topic = source.requiredString("topic", "events.raw.v1");
    Optional<String> bootstrap = source.string("bootstrap");
    Map<String, String> properties = texts(source.scalars("properties"));
    StartingOffsets startingOffsets = source.choice("starting-offsets", StartingOffsets.EARLIEST);
    long maxOffsets =
        source.value(
            "max-offsets-per-trigger",
            ValueFormat.POSITIVE_NUMBER,
            DEFAULT_MAX_OFFSETS_PER_TRIGGER);
    long partitions =
        source.value("partitions", ValueFormat.POSITIVE_NUMBER, (long) DEFAULT_PARTITIONS);
    if (partitions > Integer.MAX_VALUE) {
      source.error("partitions", "too many partitions (write a number such as 2)");
    }
    PayloadFormat format = source.choice("format", PayloadFormat.JSON);
    source.rejectUnknownKeys();
    if (errors.count() != before) {
      return Optional.empty();
    }
    return Optional.of(
        new SourceSpec(
            source.name(),
            topic.orElseThrow(),
            bootstrap,
            properties,
            startingOffsets,
            maxOffsets,
            (int) partitions,
            format));
  }

  /** The text of each value, keeping the keys' order. */
  static Map<String, String> texts(Map<String, YamlScalar> values) {
    Map<String, String> texts = new LinkedHashMap<>();
    values.forEach((key, value) -> texts.put(key, value.text()));
    return texts;
  }
}
