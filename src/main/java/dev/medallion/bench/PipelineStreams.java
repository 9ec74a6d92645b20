package dev.medallion.bench;

import dev.medallion.ops.PipelineStream;
import dev.medallion.ops.PipelineMetrics;
import java.util.List;

/** Builds the layer streams of a scenario's spec, as {@code medallion run} does. */
@FunctionalInterface
public interface PipelineStreams {
  /** The streams, in data-flow order, recording their batches in {@code metrics}. */
  List<PipelineStream> of(Scenario scenario, PipelineMetrics metrics);
}
