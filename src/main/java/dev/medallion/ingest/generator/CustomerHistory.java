package dev.medallion.ingest.generator;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The records of one customer emitted so far, sorted by effective time: the most recent {@value
 * #RETAINED} are kept, enough to place out-of-order changes between them.
 */
final class CustomerHistory {
  static final int RETAINED = 32;

  /** One emitted record: its effective time, its attributes, and whether it was a repeat. */
  private record Entry(long effectiveMillis, CustomerAttributes attributes, boolean repeat) {}

  private final List<Entry> entries = new ArrayList<>(2);
  private boolean changed;

  CustomerHistory(long createdMillis, CustomerAttributes attributes) {
    entries.add(new Entry(createdMillis, attributes, false));
  }

  /** Returns the latest effective time emitted for the customer. */
  long latestMillis() {
    return entries.get(entries.size() - 1).effectiveMillis();
  }

  /** Returns the attributes of the latest record: the customer's current attributes. */
  CustomerAttributes current() {
    return entries.get(entries.size() - 1).attributes();
  }

  /** Returns true once a {@link CustomerChangeKind#CHANGE} was appended. */
  boolean hasChanged() {
    return changed;
  }

  /** Records a change later than {@link #latestMillis()}. */
  void appendChange(long effectiveMillis, CustomerAttributes attributes) {
    append(new Entry(effectiveMillis, attributes, false));
    changed = true;
  }

  /** Records a repeat of the current attributes later than {@link #latestMillis()}. */
  void appendRepeat(long effectiveMillis) {
    append(new Entry(effectiveMillis, current(), true));
  }

  /**
   * Picks a time between two retained records where a late change fits, makes the change with
   * attributes differing from both neighbours, records it and returns its time; returns -1 when no
   * gap fits: a gap must be at least 2 ms wide and must not end at a repeat (a change placed before
   * a repeat would turn the repeat into a change).
   */
  long insertLateChange(SplittableRandom random) {
    int fitting = 0;
    for (int i = 1; i < entries.size(); i++) {
      if (fits(i)) {
        fitting++;
      }
    }
    if (fitting == 0) {
      return -1;
    }
    int chosen = random.nextInt(fitting);
    for (int i = 1; i < entries.size(); i++) {
      if (fits(i) && chosen-- == 0) {
        Entry before = entries.get(i - 1);
        Entry after = entries.get(i);
        long gap = after.effectiveMillis() - before.effectiveMillis();
        long effectiveMillis = before.effectiveMillis() + 1 + random.nextLong(gap - 1);
        CustomerAttributes attributes =
            before.attributes().changedAvoiding(after.attributes(), random);
        entries.add(i, new Entry(effectiveMillis, attributes, false));
        trim();
        return effectiveMillis;
      }
    }
    throw new AssertionError("counted " + fitting + " fitting gaps but found fewer");
  }

  /** Returns the attributes in effect at {@code effectiveMillis} (an emitted time). */
  CustomerAttributes attributesAt(long effectiveMillis) {
    for (int i = entries.size() - 1; i >= 0; i--) {
      if (entries.get(i).effectiveMillis() <= effectiveMillis) {
        return entries.get(i).attributes();
      }
    }
    throw new IllegalArgumentException("no record at or before " + effectiveMillis);
  }

  private boolean fits(int index) {
    Entry after = entries.get(index);
    return !after.repeat()
        && after.effectiveMillis() - entries.get(index - 1).effectiveMillis() >= 2;
  }

  private void append(Entry entry) {
    if (entry.effectiveMillis() <= latestMillis()) {
      throw new IllegalArgumentException(
          "effective time " + entry.effectiveMillis() + " is not after " + latestMillis());
    }
    entries.add(entry);
    trim();
  }

  private void trim() {
    if (entries.size() > RETAINED) {
      entries.remove(0);
    }
  }
}
