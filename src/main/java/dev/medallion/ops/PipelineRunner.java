package dev.medallion.ops;

import dev.medallion.spec.ErrorCode;
import dev.medallion.spec.MedallionException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.apache.spark.sql.streaming.Trigger;

/**
 * Runs a pipeline's streams (one flow per source): once (each processes what is available, one
 * after the other, then stops) or continuously (all at their spec's trigger until stopped).
 */
public final class PipelineRunner implements AutoCloseable {
  private final List<PipelineStream> streams;
  private final TableCheckpoints checkpoints;
  private final List<StreamingQuery> running = new ArrayList<>();
  private volatile boolean stopping;

  /**
   * @param streams in the order a run that stops when caught up runs them
   * @param checkpoints of the tables the streams write
   */
  public PipelineRunner(List<PipelineStream> streams, TableCheckpoints checkpoints) {
    this.streams = List.copyOf(streams);
    this.checkpoints = checkpoints;
  }

  /**
   * Processes everything available now, stream after stream, lets each stream catch up with what
   * the later ones wrote ({@link PipelineStream#catchUp}), writes the checkpoints that are due,
   * and returns.
   *
   * @throws MedallionException naming the stream that failed
   */
  public void runOnce() {
    for (PipelineStream stream : streams) {
      StreamingQuery query = start(stream, Trigger.AvailableNow());
      synchronized (running) {
        running.add(query);
      }
      if (stopping) {
        // closed while the stream ingested: the query started after close() stopped the others
        stopQuietly(query);
        return;
      }
      await(stream, query);
    }
    for (PipelineStream stream : streams) {
      if (stopping) {
        return;
      }
      try {
        stream.catchUp();
      } catch (RuntimeException e) {
        throw failure("catching up the tables of " + stream.table() + " failed", e);
      }
    }
    if (!stopping) {
      checkpoints.writeDue();
    }
  }

  /**
   * Starts every stream at its trigger interval, and the tables' checkpoints in the background,
   * and blocks until {@link #close} is called (from a shutdown hook, say) or a stream fails.
   *
   * @throws MedallionException naming the stream that failed
   */
  public void runContinuously() {
    for (PipelineStream stream : streams) {
      long millis = stream.trigger().toMillis();
      StreamingQuery query = start(stream, Trigger.ProcessingTime(millis, TimeUnit.MILLISECONDS));
      synchronized (running) {
        running.add(query);
      }
    }
    checkpoints.startInBackground();
    while (!stopping) {
      for (int i = 0; i < streams.size(); i++) {
        Optional<RuntimeException> failed = streams.get(i).failure();
        if (failed.isPresent() && !stopping) {
          throw failure("ingesting into " + streams.get(i).table() + " failed", failed.get());
        }
        StreamingQuery query = running.get(i);
        if (!query.isActive()) {
          if (stopping) {
            return;
          }
          await(streams.get(i), query);
          throw new MedallionException(
              ErrorCode.PIPELINE_FAILED, "the stream writing " + streams.get(i).table() + " stopped");
        }
      }
      try {
        // this run's own queries only: the session's awaitAnyTermination would also report a
        // query another runner stopped or lost earlier in the same session (the bench's runs)
        running.get(0).awaitTermination(500);
      } catch (StreamingQueryException stoppedOrFailed) {
        // reported by the isActive check above on the next pass, unless the run is stopping
      }
    }
  }

  /** While no batch has finished: how far start-up is, e.g. {@code starting: 1 of 2 streams}. */
  public String startingStatus() {
    return String.format(
        "starting: %d of %d streams running (each loads its tables' state first; the first"
            + " micro-batches compile and warm up the JVM)",
        queries().size(), streams.size());
  }

  /** How many streams the pipeline has. */
  public int streamCount() {
    return streams.size();
  }

  /** The queries started so far, for progress reports. */
  public List<StreamingQuery> queries() {
    synchronized (running) {
      return List.copyOf(running);
    }
  }

  /**
   * Stops every running stream: its ingester (committing what it read) and its query, waiting for
   * each to finish its current batch or to be interrupted.
   */
  @Override
  public void close() {
    stopping = true;
    streams.forEach(PipelineStream::stop);
    queries().forEach(PipelineRunner::stopQuietly);
    checkpoints.close();
  }

  /**
   * Starts {@code stream}'s query; a failure (a flow loads its writers' state first, so a table it
   * cannot read fails here) names the stream.
   */
  private static StreamingQuery start(PipelineStream stream, Trigger trigger) {
    try {
      return stream.start(trigger);
    } catch (RuntimeException e) {
      throw failure("starting " + stream.table() + " failed", e);
    }
  }

  private static void stopQuietly(StreamingQuery query) {
    try {
      query.stop();
    } catch (java.util.concurrent.TimeoutException e) {
      // the query is interrupted anyway; its checkpoint makes the next run resume correctly
    }
  }

  private void await(PipelineStream stream, StreamingQuery query) {
    try {
      query.awaitTermination();
    } catch (StreamingQueryException e) {
      if (stopping) {
        return;
      }
      throw failure("the stream writing " + stream.table() + " failed", e);
    }
  }

  private static MedallionException failure(String context, Throwable error) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (cause instanceof MedallionException medallion) {
        return medallion;
      }
    }
    Throwable root = error;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return new MedallionException(
        ErrorCode.PIPELINE_FAILED, context + ": " + root.getClass().getSimpleName() + ": " + root.getMessage(), error);
  }
}
