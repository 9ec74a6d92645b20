package dev.medallion.testing;

import dev.medallion.cli.PipelineAssembly;
import dev.medallion.ingest.broker.KafkaTopics;
import java.util.HashMap;
import dev.medallion.ops.KafkaEndpoint;
import dev.medallion.ops.MedallionHome;
import dev.medallion.ops.PipelineMetrics;
import dev.medallion.ops.PipelineRunner;
import dev.medallion.ops.TableLocations;
import dev.medallion.quality.SparkSqlChecker;
import dev.medallion.spec.PipelineSpec;
import dev.medallion.spec.SourceSpec;
import dev.medallion.spec.SpecLoader;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** The seed spec on fresh topics of the shared broker, and one-shot runs of it. */
public final class TestPipelines {
  private TestPipelines() {}

  /** The seed spec whose sources use new, unique topics, with at most {@code maxOffsets} per trigger. */
  public static PipelineSpec seedOnFreshTopics(long maxOffsets) {
    PipelineSpec seed = SpecLoader.loadDefault(new SparkSqlChecker());
    String suffix = "-" + UUID.randomUUID().toString().substring(0, 8);
    Map<String, SourceSpec> sources = new LinkedHashMap<>();
    seed.sources()
        .forEach(
            (name, source) ->
                sources.put(
                    name,
                    new SourceSpec(
                        source.name(),
                        source.topic() + suffix,
                        Optional.empty(),
                        source.properties(),
                        source.startingOffsets(),
                        maxOffsets,
                        source.partitions(),
                        source.format())));
    sources
        .values()
        .forEach(
            source ->
                KafkaTopics.ensureTopic(
                    SharedKafka.bootstrap(), new HashMap<>(), source.topic(), source.partitions()));
    return new PipelineSpec(seed.name(), seed.storage(), sources, seed.bronze(), seed.silver(), seed.gold());
  }

  public static KafkaEndpoint kafka() {
    return new KafkaEndpoint(SharedKafka.bootstrap(), Map.of());
  }

  public static TableLocations locations(Path home, PipelineSpec spec) {
    return new MedallionHome(home).locations(spec.storage());
  }

  /** A runner over every stream of {@code spec}, its tables under {@code home}. */
  public static PipelineRunner runner(PipelineSpec spec, Path home, Clock clock) {
    TableLocations locations = locations(home, spec);
    return PipelineAssembly.runner(
        SharedSpark.session(), spec, kafka(), locations, new PipelineMetrics(locations), clock);
  }

  /** Processes everything available, layer after layer. */
  public static void runOnce(PipelineSpec spec, Path home, Clock clock) {
    try (PipelineRunner runner = runner(spec, home, clock)) {
      runner.runOnce();
    }
  }
}
