package dev.medallion.bench;

import dev.medallion.ops.PipelineMetrics;
import dev.medallion.ops.PipelineRunner;

/** Builds the runner of a scenario's spec (its streams and table checkpoints), as {@code medallion run} does. */
@FunctionalInterface
public interface PipelineRunners {
  /** The runner, its streams recording their batches in {@code metrics}. */
  PipelineRunner of(Scenario scenario, PipelineMetrics metrics);
}
