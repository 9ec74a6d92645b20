package dev.medallion.ingest.generator;

import java.util.SplittableRandom;

/**
 * Writes an event's {@code properties}, a JSON object of strings to strings whose keys depend on
 * the event type; {@code PURCHASE} carries {@code amount}, a decimal with two digits from 1.00 to
 * 500.00.
 */
final class EventProperties {
  private static final String[] DEVICES = literals("web", "ios", "android");
  private static final String[] PAGES =
      literals("/", "/cart", "/checkout", "/category/shoes", "/search?q=caf%C3%A9&page=2");
  private static final String[] LOGIN_METHODS = literals("password", "sso", "magic-link");
  // unicode, quotes, backslashes and control characters exercise escaping end to end
  private static final String[] QUERIES =
      literals(
          "running shoes",
          "café crème",
          "size \"XL\" jacket",
          "C:\\gifts\\2026",
          "tab\tseparated",
          "日本語の本",
          "gift 🎁 ideas",
          "naïve résumé",
          "50% off",
          "<b>bold</b> & co");

  private EventProperties() {}

  /** Appends the properties of an event of {@code type} as a JSON object. */
  static void append(StringBuilder out, EventType type, SplittableRandom random) {
    out.append('{');
    switch (type) {
      case PAGE_VIEW -> {
        out.append("\"page\":");
        if (random.nextInt(3) == 0) {
          out.append("\"/products/").append(random.nextInt(100_000)).append('"');
        } else {
          out.append(pick(PAGES, random));
        }
        out.append(",\"device\":").append(pick(DEVICES, random));
      }
      case SEARCH ->
          out.append("\"query\":")
              .append(pick(QUERIES, random))
              .append(",\"results\":\"")
              .append(random.nextInt(200))
              .append('"');
      case ADD_TO_CART -> {
        appendProduct(out, random);
        out.append(",\"quantity\":\"").append(1 + random.nextInt(5)).append('"');
      }
      case PURCHASE -> {
        int cents = 100 + random.nextInt(49_901);
        out.append("\"amount\":\"").append(cents / 100).append('.');
        Digits.appendPadded(out, cents % 100, 2);
        out.append("\",");
        if (random.nextInt(10) < 7) {
          out.append("\"currency\":\"EUR\",");
        }
        appendProduct(out, random);
      }
      case LOGIN -> {
        // an empty map is valid too: the schema's properties are optional
        if (random.nextInt(10) != 0) {
          out.append("\"device\":")
              .append(pick(DEVICES, random))
              .append(",\"method\":")
              .append(pick(LOGIN_METHODS, random));
        }
      }
    }
    out.append('}');
  }

  private static void appendProduct(StringBuilder out, SplittableRandom random) {
    out.append("\"product\":\"sku-");
    Digits.appendPadded(out, random.nextInt(100_000), 5);
    out.append('"');
  }

  private static String pick(String[] literals, SplittableRandom random) {
    return literals[random.nextInt(literals.length)];
  }

  private static String[] literals(String... values) {
    String[] literals = new String[values.length];
    for (int i = 0; i < values.length; i++) {
      literals[i] = JsonText.quoted(values[i]);
    }
    return literals;
  }
}
