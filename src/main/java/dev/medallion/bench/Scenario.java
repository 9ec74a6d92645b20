package dev.medallion.bench;

import dev.medallion.ops.MedallionHome;
import dev.medallion.ops.TableLocations;
import dev.medallion.spec.PipelineSpec;
import dev.medallion.spec.SourceSpec;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * One measured run's own pipeline: the spec with every source on topics of its own (suffixed with
 * the scenario's name) and tables and checkpoints in a folder of its own, so runs in one bench
 * share the broker and the Spark session but no data.
 */
public record Scenario(String name, PipelineSpec spec, TableLocations locations) {
  /**
   * The scenario {@code name} of {@code spec} under {@code root}; its topics read from
   * {@code topicsOf} (the scenario whose events it reads, often itself).
   */
  public static Scenario of(String name, String topicsOf, PipelineSpec spec, Path root) {
    PipelineSpec renamed =
        withSources(
            spec,
            source ->
                new SourceSpec(
                    source.name(),
                    source.topic() + "-" + topicsOf,
                    source.bootstrap(),
                    source.properties(),
                    SourceSpec.StartingOffsets.EARLIEST,
                    source.maxOffsetsPerTrigger(),
                    source.partitions(),
                    source.format()));
    MedallionHome home = new MedallionHome(root.resolve(name));
    return new Scenario(name, renamed, home.locations(dev.medallion.spec.StorageSpec.underHome()));
  }

  /** The same scenario, each source reading at most {@code max} records per micro-batch. */
  public Scenario withMaxOffsetsPerTrigger(long max) {
    PipelineSpec limited =
        withSources(
            spec,
            source ->
                new SourceSpec(
                    source.name(),
                    source.topic(),
                    source.bootstrap(),
                    source.properties(),
                    source.startingOffsets(),
                    max,
                    source.partitions(),
                    source.format()));
    return new Scenario(name, limited, locations);
  }

  private static PipelineSpec withSources(PipelineSpec spec, UnaryOperator<SourceSpec> change) {
    Map<String, SourceSpec> sources = new LinkedHashMap<>();
    spec.sources().forEach((key, source) -> sources.put(key, change.apply(source)));
    return new PipelineSpec(spec.name(), spec.storage(), sources, spec.bronze(), spec.silver(), spec.gold());
  }

  /** The topic of the source named {@code source}. */
  public String topic(String source) {
    return spec.sources().get(source).topic();
  }
}
