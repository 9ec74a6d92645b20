package dev.medallion.ingest.broker;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Holds a loop to a target rate of events per second without spinning the CPU.
 *
 * <p>Event {@code n} is due {@code n / rate} seconds after the first. {@link #acquire()} returns at
 * once while the loop is less than {@link #SLICE} ahead of schedule and sleeps otherwise, so it
 * sleeps in slices of a few milliseconds even at 100,000 events/s and the average rate stays exact
 * however coarse the sleeps are. A loop that fell behind (a GC pause, a slow broker) catches up in
 * a burst, but by at most {@link #MAX_BACKLOG} worth of events: a longer stall is forgiven. Not
 * thread-safe: one loop paces itself.
 */
public final class Pacer {
  /** How far ahead of schedule the loop may run before it sleeps. */
  public static final Duration SLICE = Duration.ofMillis(5);

  /** How far behind schedule the loop may be, at most, when it catches up. */
  public static final Duration MAX_BACKLOG = Duration.ofSeconds(1);

  /** Highest rate accepted: one event per nanosecond. */
  public static final long MAX_RATE = 1_000_000_000L;

  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  /** Sleeps for a number of nanoseconds; interruptible. */
  @FunctionalInterface
  interface Sleeper {
    void sleep(long nanos) throws InterruptedException;
  }

  private final long eventsPerSecond;
  private final LongSupplier nanoClock;
  private final Sleeper sleeper;
  private long origin;
  private long events;

  Pacer(long eventsPerSecond, LongSupplier nanoClock, Sleeper sleeper) {
    if (eventsPerSecond < 0 || eventsPerSecond > MAX_RATE) {
      throw KafkaErrors.badArgument(
          "The event rate must be between 0 (unlimited) and "
              + MAX_RATE
              + " events/s; got "
              + eventsPerSecond
              + ".");
    }
    this.eventsPerSecond = eventsPerSecond;
    this.nanoClock = nanoClock;
    this.sleeper = sleeper;
  }

  /**
   * A pacer for {@code eventsPerSecond}; 0 means unlimited.
   *
   * @throws dev.medallion.spec.MedallionException {@code USAGE} when the rate is negative or above
   *     {@link #MAX_RATE}
   */
  public static Pacer perSecond(long eventsPerSecond) {
    return new Pacer(eventsPerSecond, System::nanoTime, TimeUnit.NANOSECONDS::sleep);
  }

  /** A pacer that never waits. */
  public static Pacer unlimited() {
    return perSecond(0);
  }

  /** The target rate; 0 means unlimited. */
  public long eventsPerSecond() {
    return eventsPerSecond;
  }

  /**
   * Waits, if the loop is ahead of schedule, until the next event is due, and counts it.
   *
   * @throws InterruptedException when the thread is interrupted while sleeping; the event is not
   *     counted then
   */
  public void acquire() throws InterruptedException {
    if (eventsPerSecond == 0) {
      return;
    }
    long now = nanoClock.getAsLong();
    if (events == 0) {
      origin = now;
    }
    long ahead = origin + offsetOf(events) - now;
    long maxBacklog = MAX_BACKLOG.toNanos();
    if (ahead < -maxBacklog) {
      origin += -maxBacklog - ahead;
      ahead = -maxBacklog;
    }
    if (ahead >= SLICE.toNanos()) {
      sleeper.sleep(ahead);
    }
    events++;
  }

  /** Nanoseconds from the first event to event {@code n}, without overflow for any n. */
  private long offsetOf(long n) {
    return (n / eventsPerSecond) * NANOS_PER_SECOND
        + (n % eventsPerSecond) * NANOS_PER_SECOND / eventsPerSecond;
  }
}
