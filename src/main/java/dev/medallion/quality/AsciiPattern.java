package dev.medallion.quality;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A Java regular expression of the plain kind specs use for identifiers and codes, a sequence of
 * characters and character classes each with a quantifier ({@code [0-9]{10}}, {@code
 * [A-Z]{2}-\d+}, {@code [^0-9]}), decided on the bytes of printable ASCII text with the result
 * {@link java.util.regex.Pattern} gives for the same text. Anything else (groups, alternatives,
 * anchors, dots, intersections, flags, non-ASCII characters) is not compiled here; text that is not
 * printable ASCII is for the caller to hand to {@code java.util.regex}.
 */
final class AsciiPattern implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final int UNBOUNDED = Integer.MAX_VALUE;

  /** One character class (a 128-bit set) with its repetition bounds. */
  private record Atom(long low, long high, int min, int max) implements Serializable {
    boolean accepts(int character) {
      return character < 64 ? (low >>> character & 1) != 0 : (high >>> (character - 64) & 1) != 0;
    }
  }

  private final Atom[] atoms;

  private AsciiPattern(List<Atom> atoms) {
    this.atoms = atoms.toArray(Atom[]::new);
  }

  /** The pattern, when it is of the plain kind this class decides. */
  static Optional<AsciiPattern> compile(String regex) {
    try {
      return Optional.of(new AsciiPattern(new Parser(regex).atoms()));
    } catch (IllegalArgumentException notPlain) {
      return Optional.empty();
    }
  }

  /** Whether a single character class without repetition bounds other than one or more. */
  boolean isOneClass() {
    return atoms.length == 1 && atoms[0].min == 1 && (atoms[0].max == 1 || atoms[0].max == UNBOUNDED);
  }

  /** Whether the character is in the class of a pattern that {@link #isOneClass}. */
  boolean inClass(int character) {
    return atoms[0].accepts(character);
  }

  /**
   * Whether the whole of {@code length} bytes from {@code offset} of {@code base} (printable ASCII,
   * at most 63 of them) matches: the positions the atoms can reach, as a bit set, one atom after
   * another, as backtracking would find them.
   */
  boolean matchesWhole(byte[] text, int offset, int length) {
    long reachable = 1L;
    for (Atom atom : atoms) {
      long next = 0;
      for (int from = 0; from <= length; from++) {
        if ((reachable >>> from & 1) == 0) {
          continue;
        }
        int count = 0;
        int at = from;
        while (true) {
          if (count >= atom.min) {
            next |= 1L << at;
          }
          if (count == atom.max || at == length || !atom.accepts(text[offset + at])) {
            break;
          }
          count++;
          at++;
        }
      }
      reachable = next;
      if (reachable == 0) {
        return false;
      }
    }
    return (reachable >>> length & 1) != 0;
  }

  /** Reads a pattern's atoms; throws IllegalArgumentException for anything not of the plain kind. */
  private static final class Parser {
    /** Punctuation that stands for itself outside a class; the rest is left to java.util.regex. */
    private static final String LITERAL_PUNCTUATION = " _-,:/@#='\"%!~<>;&";

    private final String regex;
    private int at;

    Parser(String regex) {
      this.regex = regex;
    }

    List<Atom> atoms() {
      List<Atom> atoms = new ArrayList<>();
      while (at < regex.length()) {
        long[] set = new long[2];
        char c = regex.charAt(at++);
        if (c == '[') {
          readClass(set);
        } else if (c == '\\') {
          readEscape(set);
        } else if (isLiteral(c)) {
          add(set, c, c);
        } else {
          throw new IllegalArgumentException("not a plain pattern");
        }
        int[] bounds = readQuantifier();
        atoms.add(new Atom(set[0], set[1], bounds[0], bounds[1]));
      }
      if (atoms.isEmpty()) {
        throw new IllegalArgumentException("empty");
      }
      return atoms;
    }

    private void readClass(long[] set) {
      boolean negated = peek('^');
      if (negated) {
        at++;
      }
      int start = at;
      while (!peek(']')) {
        if (at >= regex.length()) {
          throw new IllegalArgumentException("unclosed class");
        }
        char c = regex.charAt(at++);
        if (c == '[' || (c == '&' && peek('&'))) {
          throw new IllegalArgumentException("nested class or intersection");
        }
        if (c == '\\') {
          readEscape(set);
        } else if (peek('-') && at + 1 < regex.length() && regex.charAt(at + 1) != ']') {
          char to = regex.charAt(at + 1);
          if (to == '\\' || to == '[' || to < c || !isAscii(c) || !isAscii(to)) {
            throw new IllegalArgumentException("range");
          }
          at += 2;
          add(set, c, to);
        } else if (c == '-' && at - 1 != start && !peek(']')) {
          throw new IllegalArgumentException("a dash inside a class");
        } else if (isAscii(c)) {
          add(set, c, c);
        } else {
          throw new IllegalArgumentException("not ASCII");
        }
      }
      if (at == start) {
        throw new IllegalArgumentException("empty class");
      }
      at++;
      if (negated) {
        set[0] = ~set[0];
        set[1] = ~set[1];
      }
    }

    private void readEscape(long[] set) {
      if (at >= regex.length()) {
        throw new IllegalArgumentException("trailing backslash");
      }
      char c = regex.charAt(at++);
      switch (c) {
        case 'd' -> add(set, '0', '9');
        case 'w' -> {
          add(set, 'a', 'z');
          add(set, 'A', 'Z');
          add(set, '0', '9');
          add(set, '_', '_');
        }
        case 's' -> {
          add(set, ' ', ' ');
          add(set, '\t', '\r'); // tab, newline, vertical tab, form feed, carriage return
        }
        default -> {
          // an escaped punctuation character stands for itself; letters and digits are classes,
          // references or other constructs this class does not decide
          if (!isAscii(c) || Character.isLetterOrDigit(c) || c < ' ') {
            throw new IllegalArgumentException("escape");
          }
          add(set, c, c);
        }
      }
    }

    private int[] readQuantifier() {
      if (at >= regex.length()) {
        return new int[] {1, 1};
      }
      char c = regex.charAt(at);
      int[] bounds;
      if (c == '?') {
        bounds = new int[] {0, 1};
        at++;
      } else if (c == '*') {
        bounds = new int[] {0, UNBOUNDED};
        at++;
      } else if (c == '+') {
        bounds = new int[] {1, UNBOUNDED};
        at++;
      } else if (c == '{') {
        int close = regex.indexOf('}', at);
        if (close < 0) {
          throw new IllegalArgumentException("unclosed bounds");
        }
        String[] parts = regex.substring(at + 1, close).split(",", -1);
        if (parts.length > 2 || !isNumber(parts[0]) || (parts.length == 2 && !parts[1].isEmpty() && !isNumber(parts[1]))) {
          throw new IllegalArgumentException("bounds");
        }
        int min = Integer.parseInt(parts[0]);
        int max = parts.length == 1 ? min : parts[1].isEmpty() ? UNBOUNDED : Integer.parseInt(parts[1]);
        if (max < min) {
          throw new IllegalArgumentException("bounds");
        }
        bounds = new int[] {min, max};
        at = close + 1;
      } else {
        return new int[] {1, 1};
      }
      if (at < regex.length() && "?+*{".indexOf(regex.charAt(at)) >= 0) {
        throw new IllegalArgumentException("lazy, possessive or repeated quantifier");
      }
      return bounds;
    }

    private boolean peek(char c) {
      return at < regex.length() && regex.charAt(at) == c;
    }

    private static boolean isNumber(String text) {
      return !text.isEmpty() && text.length() < 6 && text.chars().allMatch(ch -> ch >= '0' && ch <= '9');
    }

    private static boolean isLiteral(char c) {
      return isAscii(c) && (Character.isLetterOrDigit(c) || LITERAL_PUNCTUATION.indexOf(c) >= 0);
    }

    private static boolean isAscii(char c) {
      return c >= ' ' && c < 127;
    }

    private static void add(long[] set, int from, int to) {
      for (int c = from; c <= to; c++) {
        set[c >> 6] |= 1L << (c & 63);
      }
    }
  }
}
