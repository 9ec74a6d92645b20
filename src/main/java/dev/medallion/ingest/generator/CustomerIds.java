package dev.medallion.ingest.generator;

import java.util.SplittableRandom;

/**
 * Writes customer ids: customer {@code n} has the id {@code n} zero-padded to 10 digits, which a
 * source may write with separators the silver layer strips.
 */
final class CustomerIds {
  static final int DIGITS = 10;

  private CustomerIds() {}

  /** Returns the 10-digit id of {@code customer} (1 or more) as UTF-8 bytes: the record key. */
  static byte[] key(int customer) {
    return Digits.paddedBytes(customer, DIGITS);
  }

  /** Returns the 10-digit id of {@code customer}. */
  static String canonical(int customer) {
    StringBuilder out = new StringBuilder(DIGITS);
    Digits.appendPadded(out, customer, DIGITS);
    return out.toString();
  }

  /**
   * Appends the id of {@code customer} as a JSON string: 90% as 10 digits, 10% with separators or a
   * prefix that leave exactly those 10 digits once non-digits are stripped.
   */
  static void appendValid(StringBuilder out, int customer, SplittableRandom random) {
    out.append('"');
    if (random.nextInt(10) != 0) {
      Digits.appendPadded(out, customer, DIGITS);
    } else {
      String digits = canonical(customer);
      switch (random.nextInt(4)) {
        case 0 ->
            out.append(digits, 0, 3)
                .append('-')
                .append(digits, 3, 6)
                .append('-')
                .append(digits, 6, 10);
        case 1 -> out.append('C').append(digits);
        case 2 ->
            out.append(digits, 0, 3)
                .append(' ')
                .append(digits, 3, 6)
                .append(' ')
                .append(digits, 6, 10);
        default ->
            out.append('(')
                .append(digits, 0, 3)
                .append(") ")
                .append(digits, 3, 6)
                .append('-')
                .append(digits, 6, 10);
      }
    }
    out.append('"');
  }

  /**
   * Appends a non-empty JSON string that does not have exactly 10 digits once non-digits are
   * stripped: 7, 9, 11 or 12 digits, or letters only.
   */
  static void appendBad(StringBuilder out, SplittableRandom random) {
    out.append('"');
    switch (random.nextInt(5)) {
      case 0 -> appendRandomDigits(out, 7, random);
      case 1 -> {
        for (int i = 0; i < 7; i++) {
          out.append((char) ('A' + random.nextInt(26)));
        }
      }
      case 2 -> appendRandomDigits(out, 12, random);
      case 3 -> {
        appendRandomDigits(out, 3, random);
        out.append('-');
        appendRandomDigits(out, 3, random);
        out.append('-');
        appendRandomDigits(out, 3, random);
      }
      default -> {
        out.append('C');
        appendRandomDigits(out, 11, random);
      }
    }
    out.append('"');
  }

  private static void appendRandomDigits(StringBuilder out, int count, SplittableRandom random) {
    for (int i = 0; i < count; i++) {
      out.append((char) ('0' + random.nextInt(10)));
    }
  }
}
