package dev.medallion.ops;

import java.time.Duration;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;

/**
 * One source's flow: a streaming query and what feeds it (the source's ingester), started by the
 * {@link PipelineRunner}.
 */
public interface PipelineStream {
  /** The query's name, also naming its checkpoint folder ({@code bronze.events}). */
  String table();

  /** The spec's micro-batch interval for a continuous run. */
  Duration trigger();

  /**
   * Creates the tables the query writes if missing and starts it.
   *
   * @param trigger {@code Trigger.AvailableNow()} for a run that stops when caught up
   */
  StreamingQuery start(Trigger trigger);

  /**
   * After every stream of a run that stops when caught up has finished: brings tables that follow
   * other streams' tables up to date (facts with dimensions another flow wrote last).
   */
  default void catchUp() {}

  /** Why a part of the stream running beside its query (a source's ingester) failed, if it did. */
  default java.util.Optional<RuntimeException> failure() {
    return java.util.Optional.empty();
  }

  /** Stops what {@link #start} runs beside the query; the runner stops the query itself. */
  default void stop() {}
}
