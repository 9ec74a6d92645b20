package dev.medallion.ingest.generator;

import java.time.Instant;

/**
 * Writes instants as ISO-8601 UTC with exactly three fraction digits, {@code
 * 2026-11-25T10:00:00.123Z}, several times faster than {@code DateTimeFormatter}.
 */
final class TimestampText {
  private static final long MILLIS_PER_DAY = 86_400_000L;
  // 0000-01-01 and 10000-01-01: outside these the fixed four-digit year does not fit
  private static final long FIRST_MILLIS = -62_167_219_200_000L;
  private static final long END_MILLIS = 253_402_300_800_000L;

  private TimestampText() {}

  /** Appends {@code epochMillis} as {@code yyyy-MM-ddTHH:mm:ss.SSSZ}. */
  static void append(StringBuilder out, long epochMillis) {
    if (epochMillis < FIRST_MILLIS || epochMillis >= END_MILLIS) {
      out.append(Instant.ofEpochMilli(epochMillis));
      return;
    }
    long epochDay = Math.floorDiv(epochMillis, MILLIS_PER_DAY);
    int millisOfDay = (int) Math.floorMod(epochMillis, MILLIS_PER_DAY);
    // civil date from days since 1970-01-01 (Howard Hinnant's algorithm, eras of 400 years)
    long shifted = epochDay + 719_468;
    long era = Math.floorDiv(shifted, 146_097);
    long dayOfEra = shifted - era * 146_097;
    long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
    long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
    long monthFromMarch = (5 * dayOfYear + 2) / 153;
    int day = (int) (dayOfYear - (153 * monthFromMarch + 2) / 5 + 1);
    int month = (int) (monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9);
    int year = (int) (yearOfEra + era * 400 + (month <= 2 ? 1 : 0));

    Digits.appendPadded(out, year, 4);
    out.append('-');
    Digits.appendPadded(out, month, 2);
    out.append('-');
    Digits.appendPadded(out, day, 2);
    out.append('T');
    Digits.appendPadded(out, millisOfDay / 3_600_000, 2);
    out.append(':');
    Digits.appendPadded(out, millisOfDay / 60_000 % 60, 2);
    out.append(':');
    Digits.appendPadded(out, millisOfDay / 1000 % 60, 2);
    out.append('.');
    Digits.appendPadded(out, millisOfDay % 1000, 3);
    out.append('Z');
  }

  /** Returns {@code epochMillis} as {@code yyyy-MM-ddTHH:mm:ss.SSSZ}. */
  static String format(long epochMillis) {
    StringBuilder out = new StringBuilder(24);
    append(out, epochMillis);
    return out.toString();
  }
}
