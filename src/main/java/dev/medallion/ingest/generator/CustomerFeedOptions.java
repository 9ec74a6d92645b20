package dev.medallion.ingest.generator;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * What {@link CustomerChangeGenerator} makes.
 *
 * @param customers customers are numbered 1 to {@code customers}, each created once
 * @param changes how many records follow the creations; {@link Long#MAX_VALUE} for no end
 * @param eventsPerChange the rate for {@link CustomerChangeGenerator#nextDue(long)}: one change per
 *     this many events
 * @param seed the same seed and the same "now" give byte-identical records
 * @param now the time effective times are relative to (unless a clock is given to the generator)
 * @throws dev.medallion.spec.MedallionException with {@code USAGE} when {@code customers < 1},
 *     {@code changes < 0} or {@code eventsPerChange < 1}
 */
public record CustomerFeedOptions(
    int customers, long changes, long eventsPerChange, long seed, Instant now) {
  public CustomerFeedOptions {
    if (customers < 1) {
      throw GeneratorErrors.notAtLeast("--customers", 1, customers);
    }
    if (changes < 0) {
      throw GeneratorErrors.notAtLeast("--changes", 0, changes);
    }
    if (eventsPerChange < 1) {
      throw GeneratorErrors.notAtLeast("--events-per-change", 1, eventsPerChange);
    }
    requireNonNull(now, "now");
  }
}
