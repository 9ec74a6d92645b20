package dev.medallion.ingest.generator;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * Makes the records of {@code customers.raw.v1}, the source of the gold layer's SCD2 customer
 * dimension, each tagged with its {@link CustomerChangeKind}.
 *
 * <p>First one {@link CustomerChangeKind#CREATE} per customer, in customer order, with effective
 * times spread from 45 to 30 days before now (before every valid event). Then {@link
 * CustomerFeedOptions#changes()} records for random customers: about 5% {@link
 * CustomerChangeKind#OUT_OF_ORDER_CHANGE} (once some customer has changed), 7% {@link
 * CustomerChangeKind#UNCHANGED_REPEAT}, the rest {@link CustomerChangeKind#CHANGE} of the name or
 * the tier. One in five targets the customer of the previous record again, within a second of it.
 * In-order records are up to 2 s before now, but always after the customer's latest record, so with
 * a fixed clock a customer changed many times drifts up to a second per change past now.
 *
 * <p>Deterministic: the same options and the same clock readings give byte-identical records. Not
 * thread-safe. Memory grows with the customers (up to 32 records are kept per customer).
 */
public final class CustomerChangeGenerator implements Iterator<CustomerChangeRecord> {
  private static final long SECOND = 1000;
  private static final long DAY = 24 * 60 * 60 * SECOND;
  private static final long FIRST_CREATION = 45 * DAY;
  private static final long CREATION_SPAN = 15 * DAY;

  private final CustomerFeedOptions options;
  private final Supplier<Instant> clock;
  private final SplittableRandom random;
  private final CustomerHistory[] histories;
  private final StringBuilder text = new StringBuilder(160);
  private final long[] counts = new long[CustomerChangeKind.values().length];
  private int[] changedCustomers = new int[16];
  private int changedCount;
  private int created;
  private long changesMade;
  private int previousCustomer;

  /**
   * Creates a generator whose effective times are relative to {@link CustomerFeedOptions#now()}.
   */
  public CustomerChangeGenerator(CustomerFeedOptions options) {
    this(options, fixedClock(requireNonNull(options, "options").now()));
  }

  /**
   * Creates a generator whose effective times are relative to {@code clock}, read once per record.
   * {@link CustomerFeedOptions#now()} is not used.
   */
  public CustomerChangeGenerator(CustomerFeedOptions options, Supplier<Instant> clock) {
    this.options = requireNonNull(options, "options");
    this.clock = requireNonNull(clock, "clock");
    this.random = new SplittableRandom(options.seed());
    this.histories = new CustomerHistory[options.customers()];
  }

  /**
   * Returns true until every customer is created and {@link CustomerFeedOptions#changes()} made.
   */
  @Override
  public boolean hasNext() {
    return created < options.customers() || changesMade < options.changes();
  }

  /**
   * Makes the next record.
   *
   * @throws NoSuchElementException when every customer is created and every change made
   */
  @Override
  public CustomerChangeRecord next() {
    if (!hasNext()) {
      throw new NoSuchElementException(
          "all "
              + options.customers()
              + " customers and "
              + options.changes()
              + " changes were generated");
    }
    long now = clock.get().toEpochMilli();
    if (created < options.customers()) {
      return create(++created, now);
    }
    changesMade++;
    return change(now);
  }

  /**
   * Makes the records due once {@code eventsProduced} events were produced, for a producer that
   * interleaves both feeds: every creation not made yet, then changes up to one per {@link
   * CustomerFeedOptions#eventsPerChange()} events (and at most {@link
   * CustomerFeedOptions#changes()}). Returns an empty list when nothing is due.
   */
  public List<CustomerChangeRecord> nextDue(long eventsProduced) {
    long changesDue =
        Math.min(options.changes(), Math.max(0, eventsProduced) / options.eventsPerChange());
    List<CustomerChangeRecord> due = new ArrayList<>();
    while (created < options.customers() || changesMade < changesDue) {
      due.add(next());
    }
    return due;
  }

  /** Returns how many records of each kind were made so far. */
  public GenerationSummary<CustomerChangeKind> summary() {
    return GenerationSummary.of(CustomerChangeKind.class, counts);
  }

  private CustomerChangeRecord create(int customer, long now) {
    double position = (customer - 1 + random.nextDouble()) / options.customers();
    long effectiveMillis = now - FIRST_CREATION + (long) (position * CREATION_SPAN);
    CustomerAttributes attributes = CustomerAttributes.create(customer, random);
    histories[customer - 1] = new CustomerHistory(effectiveMillis, attributes);
    return emit(customer, attributes, effectiveMillis, CustomerChangeKind.CREATE);
  }

  private CustomerChangeRecord change(long now) {
    int percent = random.nextInt(100);
    if (percent < 5) {
      CustomerChangeRecord late = tryLateChange();
      if (late != null) {
        return late;
      }
    }
    int customer =
        previousCustomer != 0 && random.nextInt(5) == 0
            ? previousCustomer
            : 1 + random.nextInt(options.customers());
    CustomerHistory history = histories[customer - 1];
    long effectiveMillis =
        Math.max(
            now - random.nextLong(2 * SECOND + 1),
            history.latestMillis() + 1 + random.nextLong(SECOND));
    previousCustomer = customer;
    if (percent >= 5 && percent < 12) {
      history.appendRepeat(effectiveMillis);
      return emit(
          customer, history.current(), effectiveMillis, CustomerChangeKind.UNCHANGED_REPEAT);
    }
    CustomerAttributes attributes = history.current().changedAvoiding(history.current(), random);
    if (!history.hasChanged()) {
      rememberChanged(customer);
    }
    history.appendChange(effectiveMillis, attributes);
    return emit(customer, attributes, effectiveMillis, CustomerChangeKind.CHANGE);
  }

  /** Returns a late change of a customer that has changed before, or null if none fits. */
  private CustomerChangeRecord tryLateChange() {
    for (int attempt = 0; attempt < 4 && changedCount > 0; attempt++) {
      int customer = changedCustomers[random.nextInt(changedCount)];
      CustomerHistory history = histories[customer - 1];
      long effectiveMillis = history.insertLateChange(random);
      if (effectiveMillis >= 0) {
        return emit(
            customer,
            history.attributesAt(effectiveMillis),
            effectiveMillis,
            CustomerChangeKind.OUT_OF_ORDER_CHANGE);
      }
    }
    return null;
  }

  private void rememberChanged(int customer) {
    if (changedCount == changedCustomers.length) {
      changedCustomers = Arrays.copyOf(changedCustomers, changedCount * 2);
    }
    changedCustomers[changedCount++] = customer;
  }

  private CustomerChangeRecord emit(
      int customer, CustomerAttributes attributes, long effectiveMillis, CustomerChangeKind kind) {
    text.setLength(0);
    attributes.appendJson(text, customer, effectiveMillis);
    counts[kind.ordinal()]++;
    return new CustomerChangeRecord(
        CustomerIds.key(customer), text.toString().getBytes(UTF_8), kind);
  }

  private static Supplier<Instant> fixedClock(Instant now) {
    return () -> now;
  }
}
