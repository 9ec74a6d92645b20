package dev.medallion.silver;

import java.time.LocalDate;

/**
 * Reads the one timestamp text most feeds write, {@code yyyy-MM-ddTHH:mm:ss[.f]Z} (an instant in
 * UTC, one to six fraction digits), from its UTF-8 bytes, giving the microseconds Spark's own
 * parser gives it. Spark's parser looks the zone up through a regular expression for every value;
 * any other form is left to it.
 */
final class UtcTimestampText {
  /** What {@link #micros} returns for text in another form. */
  static final long NOT_READ = Long.MIN_VALUE;

  private static final int[] DAYS_IN_MONTH = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  private static final long MICROS_PER_SECOND = 1_000_000L;

  private UtcTimestampText() {}

  /** The instant {@code length} bytes at {@code start} name, or {@link #NOT_READ}. */
  static long micros(byte[] bytes, int start, int length) {
    if (length < 20 || length > 27 || bytes[start + length - 1] != 'Z') {
      return NOT_READ;
    }
    int year = digits(bytes, start, 4);
    int month = digits(bytes, start + 5, 2);
    int day = digits(bytes, start + 8, 2);
    int hour = digits(bytes, start + 11, 2);
    int minute = digits(bytes, start + 14, 2);
    int second = digits(bytes, start + 17, 2);
    boolean separators =
        bytes[start + 4] == '-'
            && bytes[start + 7] == '-'
            && bytes[start + 10] == 'T'
            && bytes[start + 13] == ':'
            && bytes[start + 16] == ':';
    boolean inRange =
        year >= 1
            && month >= 1
            && month <= 12
            && day >= 1
            && day <= daysInMonth(year, month)
            && hour >= 0
            && hour <= 23
            && minute >= 0
            && minute <= 59
            && second >= 0
            && second <= 59;
    if (!separators || !inRange) {
      return NOT_READ;
    }
    long fraction = 0;
    int fractionDigits = length - 21;
    if (fractionDigits >= 0) {
      if (fractionDigits == 0 || bytes[start + 19] != '.') {
        return NOT_READ;
      }
      int digits = digits(bytes, start + 20, fractionDigits);
      if (digits < 0) {
        return NOT_READ;
      }
      fraction = digits;
      for (int i = fractionDigits; i < 6; i++) {
        fraction *= 10;
      }
    } else if (length != 20) {
      return NOT_READ;
    }
    long seconds = LocalDate.of(year, month, day).toEpochDay() * 86_400L + hour * 3_600L + minute * 60L + second;
    return seconds * MICROS_PER_SECOND + fraction;
  }

  /** The decimal number of {@code count} ASCII digits at {@code start}, or -1. */
  private static int digits(byte[] bytes, int start, int count) {
    int value = 0;
    for (int i = start; i < start + count; i++) {
      int digit = bytes[i] - '0';
      if (digit < 0 || digit > 9) {
        return -1;
      }
      value = value * 10 + digit;
    }
    return value;
  }

  private static int daysInMonth(int year, int month) {
    boolean leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    return month == 2 && leap ? 29 : DAYS_IN_MONTH[month - 1];
  }
}
