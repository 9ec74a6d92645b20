package dev.medallion.bench;

import dev.medallion.ops.LayerStream;
import dev.medallion.ops.PipelineMetrics;
import java.util.List;

/** Builds the layer streams of a scenario's spec, as {@code medallion run} does. */
@FunctionalInterface
public interface PipelineStreams {
  /** The streams, in data-flow order, recording their batches in {@code metrics}. */
  List<LayerStream> of(Scenario scenario, PipelineMetrics metrics);
}
