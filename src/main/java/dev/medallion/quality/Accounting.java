package dev.medallion.quality;

import static java.util.Objects.requireNonNull;

/**
 * The accounting of one silver table against its bronze table: every bronze row processed is in
 * silver, in quarantine, or counted as a removed duplicate.
 *
 * @param processed bronze rows the silver stream has consumed (from the exactly-once metrics)
 */
public record Accounting(
    String silverTable,
    String bronzeTable,
    long bronze,
    long silver,
    long quarantined,
    long duplicates,
    long processed) {
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
    return pending() == 0
        ? "holds: " + equation
        : "holds for the rows processed so far: "
            + equation
            + String.format(" (%,d bronze rows not processed yet)", pending());
  }
}
