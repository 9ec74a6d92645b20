package dev.medallion.silver;

import java.util.Arrays;

/**
 * UTF-8 for {@link JsonText}: a growing buffer of encoded text, and the check of one multi-byte
 * sequence against the Unicode standard's definition of well-formed UTF-8.
 */
final class Utf8Bytes {
  private byte[] bytes = new byte[64];
  private int length;

  /**
   * The length of the strictly valid multi-byte sequence at {@code at} (2 to 4: no overlong form,
   * no surrogate, nothing past U+10FFFF, all before {@code end}); 0 where there is none.
   */
  static int sequenceLength(byte[] text, int at, int end) {
    int lead = text[at] & 0xFF;
    int length;
    int secondMin = 0x80;
    int secondMax = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) {
      length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      length = 3;
      secondMin = lead == 0xE0 ? 0xA0 : 0x80;
      secondMax = lead == 0xED ? 0x9F : 0xBF;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      length = 4;
      secondMin = lead == 0xF0 ? 0x90 : 0x80;
      secondMax = lead == 0xF4 ? 0x8F : 0xBF;
    } else {
      return 0;
    }
    if (end - at < length) {
      return 0;
    }
    int second = text[at + 1] & 0xFF;
    if (second < secondMin || second > secondMax) {
      return 0;
    }
    for (int i = 2; i < length; i++) {
      if ((text[at + i] & 0xC0) != 0x80) {
        return 0;
      }
    }
    return length;
  }

  /** Empties the buffer. */
  void clear() {
    length = 0;
  }

  /** The buffer's array; its first {@link #length()} bytes are the text. */
  byte[] bytes() {
    return bytes;
  }

  int length() {
    return length;
  }

  void append(byte b) {
    if (length == bytes.length) {
      bytes = Arrays.copyOf(bytes, bytes.length * 2);
    }
    bytes[length++] = b;
  }

  void append(byte[] source, int from, int count) {
    if (length + count > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + count));
    }
    System.arraycopy(source, from, bytes, length, count);
    length += count;
  }

  /** Appends {@code codePoint} (not a surrogate) encoded. */
  void appendCodePoint(int codePoint) {
    if (codePoint < 0x80) {
      append((byte) codePoint);
    } else if (codePoint < 0x800) {
      append((byte) (0xC0 | codePoint >> 6));
      append((byte) (0x80 | codePoint & 0x3F));
    } else if (codePoint < 0x10000) {
      append((byte) (0xE0 | codePoint >> 12));
      append((byte) (0x80 | codePoint >> 6 & 0x3F));
      append((byte) (0x80 | codePoint & 0x3F));
    } else {
      append((byte) (0xF0 | codePoint >> 18));
      append((byte) (0x80 | codePoint >> 12 & 0x3F));
      append((byte) (0x80 | codePoint >> 6 & 0x3F));
      append((byte) (0x80 | codePoint & 0x3F));
    }
  }
}
