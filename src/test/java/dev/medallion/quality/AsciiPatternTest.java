package dev.medallion.quality;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Plain patterns decided on bytes against {@code java.util.regex} on the same text: whole-text
 * matches of many patterns over random printable ASCII, the character classes the removal uses,
 * and the patterns it must leave to {@code java.util.regex}.
 */
class AsciiPatternTest {
  private static final List<String> PLAIN =
      List.of(
          "[0-9]{10}",
          "[0-9]{2,4}",
          "[0-9]{2,}",
          "\\d+",
          "[A-Z]{2}-\\d{3,5}",
          "[a-c]*b",
          "a?a?a?aaa",
          "[^0-9]",
          "[^a-z_]+x?",
          "\\w+@\\w+\\.com",
          "[-a]+",
          "[a-]+9",
          "x{0}y",
          "[\\d\\s]*",
          "[a^]+",
          "C[0-9]{8,9}");
  private static final String ALPHABET = "0123456789abcxyzABCX_-@.^ :!";

  @Test
  void decidesEveryWholeMatchAsJavaRegexDoes() {
    Random random = new Random(42);
    List<String> texts = new ArrayList<>(List.of("", "0123456789", "AB-123", "a@b.com", "aaa", "y", "C12345678", "a-9"));
    for (int i = 0; i < 4_000; i++) {
      StringBuilder text = new StringBuilder();
      int length = random.nextInt(14);
      for (int j = 0; j < length; j++) {
        text.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
      }
      texts.add(text.toString());
    }
    for (String regex : PLAIN) {
      AsciiPattern plain = AsciiPattern.compile(regex).orElseThrow(() -> new AssertionError(regex));
      Pattern java = Pattern.compile("^(?:" + regex + ")$");
      int matched = 0;
      for (String text : texts) {
        byte[] bytes = ("##" + text).getBytes(US_ASCII);
        boolean expected = java.matcher(text).find(0);
        assertThat(plain.matchesWhole(bytes, 2, bytes.length - 2)).as("%s on '%s'", regex, text).isEqualTo(expected);
        matched += expected ? 1 : 0;
      }
      assertThat(matched).as("texts %s matches", regex).isPositive();
    }
  }

  @Test
  void aClassHoldsTheCharactersJavaRegexMatches() {
    for (String regex : List.of("[^0-9]", "[0-9]+", "\\s", "[^\\w]", "[,;:]", "x")) {
      AsciiPattern plain = AsciiPattern.compile(regex).orElseThrow();
      assertThat(plain.isOneClass()).as(regex).isTrue();
      Pattern java = Pattern.compile(regex);
      for (char c = ' '; c < 127; c++) {
        assertThat(plain.inClass(c)).as("%s on '%s'", regex, c).isEqualTo(java.matcher(String.valueOf(c)).matches());
      }
    }
    assertThat(AsciiPattern.compile("[0-9]{2}").orElseThrow().isOneClass()).isFalse();
    assertThat(AsciiPattern.compile("ab").orElseThrow().isOneClass()).isFalse();
  }

  @Test
  void leavesEveryOtherPatternToJavaRegex() {
    for (String regex :
        List.of(
            "",
            "(ab)+",
            "a|b",
            "^a$",
            "a.b",
            "[a-z&&[^b]]",
            "[[a]]",
            "[]a]",
            "[a-c-e]",
            "[z-a]",
            "a+?",
            "a++",
            "a{2",
            "a{,3}",
            "a{3,2}",
            "\\p{Alpha}",
            "\\bword",
            "\\1",
            "é+",
            "(?i)abc",
            "a{99999999}")) {
      assertThat(AsciiPattern.compile(regex)).as(regex).isEmpty();
    }
  }
}
