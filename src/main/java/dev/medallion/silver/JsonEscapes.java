package dev.medallion.silver;

/**
 * JSON's escape sequences in a string ({@code \"}, {@code \\}, {@code \/}, {@code \b}, {@code \f},
 * {@code \n}, {@code \r}, {@code \t}, {@code \}{@code uXXXX} with surrogate pairs) decoded into
 * UTF-8 for {@link JsonText}. An unknown escape, a lone or unpaired surrogate, or one cut short is
 * refused, and the string is left to a full JSON parser.
 */
final class JsonEscapes {
  private JsonEscapes() {}

  /**
   * Decodes the escape whose backslash is at {@code at} into {@code out}; returns the position
   * after it, or -1 where it is not one this class decodes.
   */
  static int decode(byte[] bytes, int at, int end, Utf8Bytes out) {
    if (end - at < 2) {
      return -1;
    }
    byte escaped = bytes[at + 1];
    switch (escaped) {
      case '"', '\\', '/' -> out.append(escaped);
      case 'b' -> out.append((byte) '\b');
      case 'f' -> out.append((byte) '\f');
      case 'n' -> out.append((byte) '\n');
      case 'r' -> out.append((byte) '\r');
      case 't' -> out.append((byte) '\t');
      case 'u' -> {
        return unicode(bytes, at + 2, end, out);
      }
      default -> {
        return -1;
      }
    }
    return at + 2;
  }

  /** The code unit's four hex digits at {@code at} (and a low surrogate's escape after a high one). */
  private static int unicode(byte[] bytes, int at, int end, Utf8Bytes out) {
    int unit = hex4(bytes, at, end);
    if (unit < 0 || Character.isLowSurrogate((char) unit)) {
      return -1;
    }
    int next = at + 4;
    int codePoint = unit;
    if (Character.isHighSurrogate((char) unit)) {
      if (end - next < 2 || bytes[next] != '\\' || bytes[next + 1] != 'u') {
        return -1;
      }
      int low = hex4(bytes, next + 2, end);
      if (low < 0 || !Character.isLowSurrogate((char) low)) {
        return -1;
      }
      codePoint = Character.toCodePoint((char) unit, (char) low);
      next += 6;
    }
    out.appendCodePoint(codePoint);
    return next;
  }

  private static int hex4(byte[] bytes, int at, int end) {
    if (end - at < 4) {
      return -1;
    }
    int value = 0;
    for (int i = 0; i < 4; i++) {
      int digit = Character.digit(bytes[at + i], 16);
      if (digit < 0) {
        return -1;
      }
      value = value << 4 | digit;
    }
    return value;
  }
}
