package dev.medallion.bench;

import java.util.Map;
import java.util.Optional;

/**
 * Everything one bench measured, ours and the seed's.
 *
 * @param produced the unpaced producer run that filled the once-runs' topic
 * @param ceiling a plain consumer reading that topic, its second pass
 * @param firstPasses the consumer's and the pipeline's first pass over the topic
 * @param ours our streams' figures in the once-run, by stream name
 * @param sustained our sustained run
 * @param seedOnce the seed pipeline's figures in its once-run, empty when not run
 * @param seedSustained its sustained run, empty when not run
 * @param goldAtTargetBatch our gold step's figures at micro-batches of the target's size
 *     ({@link BenchSettings#targetBatchEvents}), over events published after the once-run
 * @param jvm what the JVM spent during our measured steps (the ceiling's second pass, the first
 *     and the measured once-run, the sustained run), by step
 */
record BenchResult(
    int cores,
    BenchSettings settings,
    Rate produced,
    Rate ceiling,
    FirstPasses firstPasses,
    Map<String, LayerFigures> ours,
    SustainedRun.Outcome sustained,
    Optional<Map<String, LayerFigures>> seedOnce,
    Optional<SustainedRun.Outcome> seedSustained,
    LayerFigures goldAtTargetBatch,
    Map<String, JvmActivity> jvm) {
  static final String BRONZE = OurLatencies.BRONZE;

  /**
   * The first passes over the once-runs' topic, in a JVM that had not done that work yet: the
   * plain consumer's, and the pipeline's once-run into tables of its own (figures by stream).
   */
  record FirstPasses(Rate ceiling, Map<String, LayerFigures> pipeline) {
    LayerFigures of(String stream) {
      return pipeline.getOrDefault(stream, LayerFigures.none(stream));
    }
  }

  static final String SILVER = OurLatencies.SILVER;
  static final String GOLD = OurLatencies.GOLD;

  /** Our figures of a stream, or none when it did not run. */
  LayerFigures ours(String stream) {
    return ours.getOrDefault(stream, LayerFigures.none(stream));
  }

  /** The seed's figures of its stream, or none. */
  LayerFigures seed(String stream) {
    return seedOnce.map(figures -> figures.getOrDefault(stream, LayerFigures.none(stream)))
        .orElse(LayerFigures.none(stream));
  }
}
