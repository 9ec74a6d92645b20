package dev.medallion.ops;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What one micro-batch of one table did: rows read, written, quarantined, removed as duplicates,
 * and the source timestamps of its rows, from which latency follows.
 *
 * @param table the qualified table written ({@code silver.events})
 * @param sourceTimeAverage the average Kafka timestamp of the batch's rows, empty when it had none
 */
public record BatchMetrics(
    String layer,
    String table,
    long batchId,
    long rowsIn,
    long rowsOut,
    long quarantined,
    long duplicates,
    long late,
    Instant startedAt,
    Instant committedAt,
    Optional<Instant> sourceTimeMin,
    Optional<Instant> sourceTimeAverage) {

  public BatchMetrics {
    requireNonNull(layer, "layer");
    requireNonNull(table, "table");
    requireNonNull(startedAt, "startedAt");
    requireNonNull(committedAt, "committedAt");
    sourceTimeMin = sourceTimeMin == null ? Optional.empty() : sourceTimeMin;
    sourceTimeAverage = sourceTimeAverage == null ? Optional.empty() : sourceTimeAverage;
  }

  public Duration duration() {
    return Duration.between(startedAt, committedAt);
  }

  /** Average time from a row's arrival in Kafka to this batch's commit. */
  public Optional<Duration> averageLatency() {
    return sourceTimeAverage.map(t -> Duration.between(t, committedAt));
  }

  /** Time from the oldest row's arrival in Kafka to this batch's commit. */
  public Optional<Duration> maxLatency() {
    return sourceTimeMin.map(t -> Duration.between(t, committedAt));
  }
}
