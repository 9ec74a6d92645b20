package dev.medallion.ingest.generator;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * Makes the records of {@code events.raw.v1}: JSON events keyed by customer id, a chosen fraction
 * of them late, dirty or duplicated, each tagged with its {@link RecordKind}.
 *
 * <p>Each record is dirty (not {@link RecordKind#CLEAN}) with probability {@link
 * GeneratorOptions#dirtyFraction()}; a dirty record's kind is drawn uniformly from the 8 other
 * kinds ({@link RecordKind#LATE} included, though late events are valid), leaving out {@link
 * RecordKind#DUPLICATE} until a valid record exists to copy. Customers are drawn uniformly.
 *
 * <p>Deterministic: the same options and the same clock readings give byte-identical records. Not
 * thread-safe. Memory is bounded: about 1,300 earlier records are kept for duplicates.
 */
public final class EventGenerator implements Iterator<GeneratedRecord> {
  private static final long SECOND = 1000;
  private static final long MINUTE = 60 * SECOND;
  private static final long HOUR = 60 * MINUTE;
  private static final long DAY = 24 * HOUR;
  // DUPLICATE last: it is left out while nothing can be copied yet
  private static final RecordKind[] NOT_CLEAN = {
    RecordKind.LATE,
    RecordKind.MALFORMED_JSON,
    RecordKind.MISSING_FIELD,
    RecordKind.BAD_CUSTOMER_ID,
    RecordKind.FUTURE_TIME,
    RecordKind.TOO_OLD,
    RecordKind.NOT_UTF8,
    RecordKind.DUPLICATE
  };

  private final GeneratorOptions options;
  private final Supplier<Instant> clock;
  private final SplittableRandom random;
  private final EventComposer composer;
  private final DuplicatePool duplicates = new DuplicatePool();
  private final long[] counts = new long[RecordKind.values().length];
  private long generated;

  /** Creates a generator whose event times are relative to {@link GeneratorOptions#now()}. */
  public EventGenerator(GeneratorOptions options) {
    this(options, fixedClock(requireNonNull(options, "options").now()));
  }

  /**
   * Creates a generator whose event times are relative to {@code clock}, read once per record: for
   * a continuous feed with fresh timestamps. {@link GeneratorOptions#now()} is not used.
   */
  public EventGenerator(GeneratorOptions options, Supplier<Instant> clock) {
    this.options = requireNonNull(options, "options");
    this.clock = requireNonNull(clock, "clock");
    this.random = new SplittableRandom(options.seed());
    this.composer = new EventComposer(random);
  }

  /** Returns true while fewer than {@link GeneratorOptions#count()} records were made. */
  @Override
  public boolean hasNext() {
    return generated < options.count();
  }

  /**
   * Makes the next record.
   *
   * @throws NoSuchElementException when {@link GeneratorOptions#count()} records were made
   */
  @Override
  public GeneratedRecord next() {
    if (!hasNext()) {
      throw new NoSuchElementException("all " + options.count() + " records were generated");
    }
    long now = clock.get().toEpochMilli();
    RecordKind kind = chooseKind();
    GeneratedRecord record =
        kind == RecordKind.DUPLICATE ? duplicates.copyOne(random) : generate(kind, now);
    if (kind.isValid()) {
      duplicates.remember(record, random);
    }
    counts[kind.ordinal()]++;
    generated++;
    return record;
  }

  /** Returns how many records of each kind were made so far. */
  public GenerationSummary<RecordKind> summary() {
    return GenerationSummary.of(RecordKind.class, counts);
  }

  private RecordKind chooseKind() {
    if (random.nextDouble() >= options.dirtyFraction()) {
      return RecordKind.CLEAN;
    }
    int choices = duplicates.isEmpty() ? NOT_CLEAN.length - 1 : NOT_CLEAN.length;
    return NOT_CLEAN[random.nextInt(choices)];
  }

  private GeneratedRecord generate(RecordKind kind, long now) {
    int customer = 1 + random.nextInt(options.customers());
    byte[] value =
        switch (kind) {
          case CLEAN -> composer.composeValid(customer, now - between(1, 5 * SECOND));
          case LATE -> composer.composeValid(customer, now - lateness());
          case MALFORMED_JSON -> composer.composeMalformed(customer, now - between(1, 5 * SECOND));
          case MISSING_FIELD ->
              composer.composeWithoutField(customer, now - between(1, 5 * SECOND));
          case BAD_CUSTOMER_ID ->
              composer.composeWithBadCustomerId(customer, now - between(1, 5 * SECOND));
          case FUTURE_TIME -> composer.composeValid(customer, now + between(HOUR, 2 * DAY));
          case TOO_OLD -> composer.composeValid(customer, now - between(31 * DAY, 90 * DAY));
          case NOT_UTF8 -> composer.composeNotUtf8();
          case DUPLICATE -> throw new IllegalArgumentException("duplicates are copies");
        };
    return new GeneratedRecord(CustomerIds.key(customer), value, kind);
  }

  /** Half a little late (10 minutes to 2 hours, past a typical watermark), half up to 29 days. */
  private long lateness() {
    return random.nextBoolean() ? between(10 * MINUTE, 2 * HOUR) : between(2 * HOUR, 29 * DAY);
  }

  private long between(long lowest, long highest) {
    return lowest + random.nextLong(highest - lowest + 1);
  }

  private static Supplier<Instant> fixedClock(Instant now) {
    return () -> now;
  }
}
