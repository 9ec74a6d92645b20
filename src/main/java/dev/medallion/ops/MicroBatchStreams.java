package dev.medallion.ops;

import java.util.concurrent.TimeoutException;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;

/** Starts the streams of the layers: a source, a checkpoint, and a writer per micro-batch. */
public final class MicroBatchStreams {
  private MicroBatchStreams() {}

  /**
   * Starts {@code source} into {@code writer}, one call per micro-batch, as the query named
   * {@code name}, checkpointed under {@code checkpoint}.
   */
  public static StreamingQuery start(
      Dataset<Row> source,
      String name,
      String checkpoint,
      Trigger trigger,
      VoidFunction2<Dataset<Row>, Long> writer) {
    try {
      return source
          .writeStream()
          .queryName(name)
          .option("checkpointLocation", checkpoint)
          .trigger(trigger)
          .foreachBatch(writer)
          .start();
    } catch (TimeoutException e) {
      throw new IllegalStateException("could not start the stream " + name, e);
    }
  }
}
