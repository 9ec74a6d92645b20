package dev.medallion.ops;

import java.time.Duration;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;

/** One layer's streaming query writing one table, started by the {@link PipelineRunner}. */
public interface LayerStream {
  /** The qualified table the stream writes ({@code silver.events}); also the query's name. */
  String table();

  /** The spec's micro-batch interval for a continuous run. */
  Duration trigger();

  /**
   * Creates the stream's tables if missing and starts the query.
   *
   * @param trigger {@code Trigger.AvailableNow()} for a run that stops when caught up
   */
  StreamingQuery start(Trigger trigger);
}
