package dev.medallion.bench;

import java.util.List;

/**
 * What one stream did in a run: rows read, time spent in its micro-batches, and each batch's
 * writer time (for gold, the MERGE time per micro-batch).
 *
 * @param batchMillis the {@code addBatch} time of each batch that read rows, in order
 * @param batchRows the rows of each of those batches
 */
record LayerFigures(String stream, long rows, long busyMillis, List<Long> batchMillis, List<Long> batchRows) {
  static LayerFigures none(String stream) {
    return new LayerFigures(stream, 0, 0, List.of(), List.of());
  }

  /**
   * The time during which at least one of the batches ran: batches starting at {@code starts}
   * (epoch milliseconds, in order) and lasting {@code durations}, overlaps counted once.
   */
  static long coveredMillis(List<Long> starts, List<Long> durations) {
    long covered = 0;
    long coveredUntil = Long.MIN_VALUE;
    for (int i = 0; i < starts.size(); i++) {
      long start = Math.max(starts.get(i), coveredUntil);
      long end = starts.get(i) + durations.get(i);
      if (end > start) {
        covered += end - start;
        coveredUntil = end;
      }
    }
    return covered;
  }

  /** The figures of the batches after the first {@code skipped}. */
  LayerFigures after(int skipped) {
    List<Long> millis = batchMillis.subList(Math.min(skipped, batchMillis.size()), batchMillis.size());
    List<Long> rowsOf = batchRows.subList(Math.min(skipped, batchRows.size()), batchRows.size());
    return new LayerFigures(
        stream,
        rowsOf.stream().mapToLong(Long::longValue).sum(),
        millis.stream().mapToLong(Long::longValue).sum(),
        List.copyOf(millis),
        List.copyOf(rowsOf));
  }

  /** Rows per second of batch time; zero when the stream read nothing. */
  double perSecond() {
    return busyMillis > 0 ? rows * 1000.0 / busyMillis : 0;
  }

  /** The smallest, median and largest batch writer time, in milliseconds (empty: no batch). */
  double[] batchMillisMinMedianMax() {
    if (batchMillis.isEmpty()) {
      return new double[] {Double.NaN, Double.NaN, Double.NaN};
    }
    List<Long> sorted = batchMillis.stream().sorted().toList();
    int n = sorted.size();
    double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
    return new double[] {sorted.get(0), median, sorted.get(n - 1)};
  }
}
