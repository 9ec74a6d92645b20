package dev.medallion.spec;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * How a text value of the spec converts to a Java value, with the phrase an error shows when it
 * does not ({@code expected a duration such as 500ms, 10s, 5m, 30d, found 'fast'}).
 *
 * @param expected what a valid value looks like, as the end of "expected ..."
 * @param parse the conversion; returns null (or throws a number error) when the text is invalid
 */
record ValueFormat<T>(String expected, Function<String, T> parse) {
  /** {@code 500ms}, {@code 10s}, {@code 5m}, {@code 2h}, {@code 30d}. */
  static final ValueFormat<Duration> DURATION =
      new ValueFormat<>(
          "a duration such as 500ms, 10s, 5m, 30d", text -> Durations.parse(text).orElse(null));

  /** A whole number greater than zero: {@code 1000000} or {@code 1_000_000}. */
  static final ValueFormat<Long> POSITIVE_NUMBER =
      new ValueFormat<>(
          "a whole number greater than 0 such as 1000000",
          text -> {
            long value = Long.parseLong(text.replace("_", ""));
            return value > 0 ? value : null;
          });

  static final ValueFormat<Boolean> FLAG =
      new ValueFormat<>(
          "true or false",
          text ->
              switch (text.toLowerCase(Locale.ROOT)) {
                case "true", "yes", "on" -> Boolean.TRUE;
                case "false", "no", "off" -> Boolean.FALSE;
                default -> null;
              });

  /** One of a few words, compared ignoring case; converts to the word as listed. */
  static ValueFormat<String> oneOf(List<String> words) {
    return new ValueFormat<>(
        "one of " + String.join(", ", words),
        text ->
            words.stream().filter(word -> word.equalsIgnoreCase(text)).findFirst().orElse(null));
  }

  /** The value of {@code text}, or empty when it is not in this format. */
  Optional<T> convert(String text) {
    try {
      return Optional.ofNullable(parse.apply(text));
    } catch (NumberFormatException | ArithmeticException e) {
      return Optional.empty();
    }
  }
}
