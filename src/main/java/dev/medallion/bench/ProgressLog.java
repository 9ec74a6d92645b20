package dev.medallion.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQueryListener;
import org.apache.spark.sql.streaming.StreamingQueryProgress;

/**
 * Every progress report of every query, by query name, for as long as it is registered (Spark keeps
 * only the last hundred per query). Registered on the session's query manager for one run.
 */
final class ProgressLog extends StreamingQueryListener {
  private final Map<String, List<StreamingQueryProgress>> byQuery = new ConcurrentHashMap<>();

  @Override
  public void onQueryStarted(QueryStartedEvent event) {}

  @Override
  public void onQueryProgress(QueryProgressEvent event) {
    StreamingQueryProgress progress = event.progress();
    byQuery.computeIfAbsent(progress.name(), name -> new ArrayList<>());
    List<StreamingQueryProgress> reports = byQuery.get(progress.name());
    synchronized (reports) {
      reports.add(progress);
    }
  }

  @Override
  public void onQueryTerminated(QueryTerminatedEvent event) {}

  /** The reports of the batches of {@code query} that read rows or ran its writer, in order. */
  List<StreamingQueryProgress> batches(String query) {
    List<StreamingQueryProgress> reports = byQuery.getOrDefault(query, List.of());
    List<StreamingQueryProgress> batches = new ArrayList<>();
    synchronized (reports) {
      for (StreamingQueryProgress progress : reports) {
        if (progress.numInputRows() > 0 || progress.durationMs().getOrDefault("addBatch", 0L) > 0) {
          batches.add(progress);
        }
      }
    }
    return batches;
  }

  /** Milliseconds {@code query} spent in its batches (trigger executions), start-up excluded. */
  long busyMillis(String query) {
    return batches(query).stream()
        .mapToLong(progress -> progress.durationMs().getOrDefault("triggerExecution", 0L))
        .sum();
  }

  /** Progress events reach listeners asynchronously; the last one may trail the query's end. */
  static void awaitDelivered(SparkSession spark) {
    try {
      spark.sparkContext().listenerBus().waitUntilEmpty();
    } catch (java.util.concurrent.TimeoutException e) {
      // a busy bus: the figures miss at most the last report
    }
  }
}
