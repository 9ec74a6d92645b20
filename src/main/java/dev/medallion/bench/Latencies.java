package dev.medallion.bench;

/**
 * Latency percentiles of one layer, in milliseconds from an event's Kafka timestamp to the commit
 * that made it visible in the layer's table, and the trend that tells whether lag stayed bounded.
 *
 * @param events how many events the percentiles are over
 * @param earlyMedian the median of the events of the run's second quarter
 * @param lateMedian the median of the events of its last quarter
 */
record Latencies(long events, double p50, double p95, double p99, double earlyMedian, double lateMedian) {
  static final Latencies NONE = new Latencies(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);

  /**
   * True when the last quarter's median latency is within twice (or two seconds more than) the
   * second quarter's: a pipeline falling behind shows a latency that grows with the run.
   */
  boolean bounded() {
    return events > 0 && lateMedian <= Math.max(2 * earlyMedian, earlyMedian + 2_000);
  }
}
