package dev.medallion.bench;

import java.time.Duration;

/**
 * How big a bench is.
 *
 * @param events events produced for the ceiling and the once-runs
 * @param rate events per second of the sustained runs
 * @param duration how long the sustained feed lasts
 * @param drainTimeout how long the pipeline may take to catch up after the feed stops
 * @param baseline whether to run the seed's pipeline beside ours
 * @param sustainedBaseline whether the seed's pipeline also runs sustained (minutes: its gold
 *     triggers once a minute)
 */
public record BenchSettings(
    long events,
    long rate,
    Duration duration,
    Duration drainTimeout,
    boolean baseline,
    boolean sustainedBaseline) {
  public static final long DEFAULT_EVENTS = 2_000_000;
  public static final long DEFAULT_RATE = 20_000;
  public static final Duration DEFAULT_DURATION = Duration.ofSeconds(120);

  public BenchSettings {
    if (events < 1 || rate < 1 || duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("events, rate and duration must be positive");
    }
  }

  /**
   * Events per micro-batch of the gold target's measure: 100K, or a fifth of the events for a
   * smaller bench.
   */
  public long targetBatchEvents() {
    return Math.min(100_000, Math.max(1, events / 5));
  }

  /** The full bench with the defaults, or other sizes. */
  public static BenchSettings of(long events, long rate, Duration duration, boolean baseline) {
    Duration drain = Duration.ofSeconds(Math.max(60, duration.toSeconds() / 2));
    return new BenchSettings(events, rate, duration, drain, baseline, baseline);
  }

  /** A smoke-check bench of about two minutes: small once-runs, a short sustained run, no seed sustained run. */
  public static BenchSettings quick() {
    return new BenchSettings(50_000, 2_000, Duration.ofSeconds(10), Duration.ofSeconds(60), true, false);
  }
}
