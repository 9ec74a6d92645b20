package dev.medallion.bronze;

import java.time.Instant;
import java.util.Optional;

/**
 * The Kafka timestamps of a set of records, as a batch's metrics need them: how many records
 * carried one, the earliest, and their mean.
 */
record KafkaTimes(long count, long earliestMillis, double meanMillis) {
  static final KafkaTimes NONE = new KafkaTimes(0, Long.MAX_VALUE, 0);

  /** The timestamps of both sets. */
  KafkaTimes plus(KafkaTimes other) {
    if (other.count == 0) {
      return this;
    }
    if (count == 0) {
      return other;
    }
    long total = count + other.count;
    double mean = meanMillis + (other.meanMillis - meanMillis) * other.count / total;
    return new KafkaTimes(total, Math.min(earliestMillis, other.earliestMillis), mean);
  }

  Optional<Instant> earliest() {
    return count == 0 ? Optional.empty() : Optional.of(Instant.ofEpochMilli(earliestMillis));
  }

  Optional<Instant> mean() {
    return count == 0 ? Optional.empty() : Optional.of(Instant.ofEpochMilli(Math.round(meanMillis)));
  }
}
