package dev.medallion.ingest.generator;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * What {@link EventGenerator} makes.
 *
 * @param count how many records to generate; {@link Long#MAX_VALUE} for an endless feed
 * @param customers customers are numbered 1 to {@code customers}
 * @param dirtyFraction the probability, 0 to 1, that a record is not {@link RecordKind#CLEAN}
 * @param seed the same seed and the same "now" give byte-identical records
 * @param now the time event times are relative to (unless a clock is given to the generator)
 * @throws dev.medallion.spec.MedallionException with {@code USAGE} when {@code count < 0}, {@code
 *     customers < 1} or {@code dirtyFraction} is not within 0 to 1
 */
public record GeneratorOptions(
    long count, int customers, double dirtyFraction, long seed, Instant now) {
  public GeneratorOptions {
    if (count < 0) {
      throw GeneratorErrors.notAtLeast("--count", 0, count);
    }
    if (customers < 1) {
      throw GeneratorErrors.notAtLeast("--customers", 1, customers);
    }
    if (!(dirtyFraction >= 0 && dirtyFraction <= 1)) {
      throw GeneratorErrors.dirtyFractionOutOfRange(dirtyFraction);
    }
    requireNonNull(now, "now");
  }
}
