package dev.medallion.quality;

import static java.util.Objects.requireNonNull;

/**
 * The accounting of one silver table against its bronze table: every bronze row processed is in
 * silver, in quarantine, or counted as a removed duplicate.
 *
 * @param silver silver rows written by finished batches
 * @param quarantined quarantined rows written by finished batches
 * @param processed bronze rows the silver stream has consumed (from the exactly-once metrics)
 * @param unfinished silver and quarantine rows of a batch stopped before it recorded its metrics
 *     (a stop between its writes); the next run replays the batch and finishes it
 */
public record Accounting(
    String silverTable,
    String bronzeTable,
    long bronze,
    long silver,
    long quarantined,
    long duplicates,
    long processed,
    long unfinished) {
  public Accounting {
    requireNonNull(silverTable, "silverTable");
    requireNonNull(bronzeTable, "bronzeTable");
  }

  /** Bronze rows the silver stream has not consumed yet. */
  public long pending() {
    return bronze - processed;
  }

  /** True when processed = silver + quarantine + duplicates and no more was processed than exists. */
  public boolean holds() {
    return processed == silver + quarantined + duplicates && pending() >= 0;
  }

  /** One line: the equation with its figures and the verdict. */
  public String describe() {
    String equation =
        String.format(
            "%s %,d = %s %,d + quarantine %,d + duplicates removed %,d",
            bronzeTable, processed, silverTable, silver, quarantined, duplicates);
    if (!holds()) {
      return "VIOLATED: " + equation + (pending() < 0 ? " (more processed than bronze holds)" : "");
    }
    String verdict =
        pending() == 0
            ? "holds: " + equation
            : "holds for the rows processed so far: "
                + equation
                + String.format(" (%,d bronze rows not processed yet)", pending());
    return unfinished == 0
        ? verdict
        : verdict
            + String.format(
                "; %,d rows of a batch stopped midway are written but not counted yet (the next run"
                    + " finishes that batch)",
                unfinished);
  }
}
