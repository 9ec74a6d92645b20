package dev.medallion.ops;

import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryProgress;

/** Sums a finished query's progress reports into one line: batches, rows, time per phase. */
public final class StreamTimings {
  private StreamTimings() {}

  /** e.g. {@code silver.events: 2 batches, 100,000 rows, 6.1 s (addBatch 5.2 s, ...)}. */
  public static String describe(StreamingQuery query) {
    long rows = 0;
    long batches = 0;
    Map<String, Long> phases = new TreeMap<>();
    for (StreamingQueryProgress progress : query.recentProgress()) {
      if (progress.numInputRows() == 0 && progress.durationMs().getOrDefault("addBatch", 0L) == 0) {
        continue;
      }
      batches++;
      rows += progress.numInputRows();
      progress.durationMs().forEach((phase, millis) -> phases.merge(phase, millis, Long::sum));
    }
    long total = phases.getOrDefault("triggerExecution", 0L);
    StringBuilder line =
        new StringBuilder(
            String.format(
                "%s: %d batch%s, %,d rows, %.1f s", query.name(), batches, batches == 1 ? "" : "es", rows, total / 1000.0));
    if (total > 0) {
      line.append(String.format(" (%,.0f rows/s;", rows * 1000.0 / total));
      phases.forEach(
          (phase, millis) -> {
            if (!phase.equals("triggerExecution") && millis >= 50) {
              line.append(String.format(" %s %.1f s", phase, millis / 1000.0));
            }
          });
      line.append(")");
    }
    return line.toString();
  }
}
