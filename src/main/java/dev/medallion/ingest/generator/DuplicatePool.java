package dev.medallion.ingest.generator;

import java.util.SplittableRandom;

/**
 * Remembers some earlier valid records, in bounded memory, to copy as duplicates: the most recent
 * ones, and a uniform sample of all so far so that some duplicates arrive much later than their
 * original (in a later micro-batch, perhaps past a deduplication watermark).
 */
final class DuplicatePool {
  static final int RECENT = 1024;
  static final int SAMPLED = 256;

  private final GeneratedRecord[] recent = new GeneratedRecord[RECENT];
  private final GeneratedRecord[] sampled = new GeneratedRecord[SAMPLED];
  private long remembered;

  /** Returns true until the first record is remembered. */
  boolean isEmpty() {
    return remembered == 0;
  }

  /** Remembers {@code record}, a valid one. */
  void remember(GeneratedRecord record, SplittableRandom random) {
    recent[(int) (remembered % RECENT)] = record;
    // reservoir sampling: each record so far stays in the sample with equal probability
    if (remembered < SAMPLED) {
      sampled[(int) remembered] = record;
    } else {
      long slot = random.nextLong(remembered + 1);
      if (slot < SAMPLED) {
        sampled[(int) slot] = record;
      }
    }
    remembered++;
  }

  /**
   * Returns a copy, as {@link RecordKind#DUPLICATE}, of a remembered record: 3 times in 4 one of
   * the last {@value #RECENT}, else one from the sample of all.
   *
   * @throws IllegalStateException when nothing is remembered yet
   */
  GeneratedRecord copyOne(SplittableRandom random) {
    if (isEmpty()) {
      throw new IllegalStateException("no record to duplicate yet");
    }
    GeneratedRecord original =
        random.nextInt(4) != 0
            ? recent[random.nextInt((int) Math.min(remembered, RECENT))]
            : sampled[random.nextInt((int) Math.min(remembered, SAMPLED))];
    return new GeneratedRecord(
        original.key().clone(), original.value().clone(), RecordKind.DUPLICATE);
  }
}
