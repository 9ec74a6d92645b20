package dev.medallion.silver;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A cursor over a JSON document's UTF-8 bytes that reads the plain parts of the grammar where they
 * lie: strings (strictly valid UTF-8, the standard escapes), whole numbers, numbers to skip, the
 * literals and whitespace. Each read returns false where the text is anything else, and leaves the
 * verdict on such text to a full JSON parser: what it accepts, Jackson accepts with the same value.
 *
 * <p>A string read is left in {@link #text()}, {@link #textStart()}, {@link #textLength()}: the
 * document's own bytes when it holds no escape, a decoded copy otherwise. One thread, one document.
 */
final class JsonText {
  /** Longest whole number read: 18 digits always fit a long. */
  private static final int MAX_DIGITS = 18;

  /** Longest number skipped; Jackson refuses numbers past 1,000 characters. */
  private static final int MAX_NUMBER_LENGTH = 100;

  /** Eight bytes of a document at a time, to pass over a string's plain run a word at once. */
  private static final VarHandle WORDS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGH_BITS = 0x8080808080808080L;
  private static final long QUOTES = ONES * '"';
  private static final long BACKSLASHES = ONES * '\\';
  private static final long SPACES = ONES * 0x20;

  private byte[] bytes;
  private int end;
  private int position;
  private byte[] text;
  private int textStart;
  private int textLength;
  private final Utf8Bytes decoded = new Utf8Bytes();
  private long number;

  JsonText(byte[] bytes, int offset, int length) {
    reset(bytes, offset, length);
  }

  /** Points the cursor at the start of another document. */
  void reset(byte[] bytes, int offset, int length) {
    this.bytes = bytes;
    this.position = offset;
    this.end = offset + length;
  }

  /** Where the cursor is, to come back to with {@link #moveTo}. */
  int position() {
    return position;
  }

  /** Moves the cursor back to a {@link #position} of the same document. */
  void moveTo(int position) {
    this.position = position;
  }

  /** Skips JSON whitespace; true when a byte follows. */
  boolean skipWhitespace() {
    while (position < end) {
      byte b = bytes[position];
      if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
        return true;
      }
      position++;
    }
    return false;
  }

  /** Whether every byte after the cursor is ASCII. */
  boolean restIsAscii() {
    for (int i = position; i < end; i++) {
      if (bytes[i] < 0) {
        return false;
      }
    }
    return true;
  }

  /** Whether the next byte is {@code expected}, without taking it. */
  boolean at(char expected) {
    return position < end && bytes[position] == expected;
  }

  /** Takes the next byte if it is {@code expected}. */
  boolean take(char expected) {
    if (at(expected)) {
      position++;
      return true;
    }
    return false;
  }

  /** Takes {@code literal} (true, false, null) if it comes next. */
  boolean takeLiteral(String literal) {
    int length = literal.length();
    if (end - position < length) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      if (bytes[position + i] != literal.charAt(i)) {
        return false;
      }
    }
    position += length;
    return true;
  }

  /** The document's bytes. */
  byte[] document() {
    return bytes;
  }

  /** The bytes of the last string read. */
  byte[] text() {
    return text;
  }

  int textStart() {
    return textStart;
  }

  int textLength() {
    return textLength;
  }

  /** A copy of the last string read. */
  byte[] textCopy() {
    return Arrays.copyOfRange(text, textStart, textStart + textLength);
  }

  /** Whether the last string read equals {@code name}'s bytes. */
  boolean textEquals(byte[] name) {
    return Arrays.equals(text, textStart, textStart + textLength, name, 0, name.length);
  }

  /**
   * Reads a string at the cursor (its opening quote next); false for anything else, or a string
   * holding a control character, an unknown escape, a lone surrogate or bytes that are not UTF-8.
   */
  boolean readString() {
    if (!take('"')) {
      return false;
    }
    int start = position;
    while (end - position >= Long.BYTES && plainAscii((long) WORDS.get(bytes, position))) {
      position += Long.BYTES;
    }
    while (position < end) {
      int b = bytes[position] & 0xFF;
      if (b == '"') {
        text = bytes;
        textStart = start;
        textLength = position - start;
        position++;
        return true;
      } else if (b == '\\') {
        decoded.clear();
        decoded.append(bytes, start, position - start);
        return readEscapedRest();
      } else if (b < 0x20) {
        return false;
      } else if (b < 0x80) {
        position++;
      } else if (!skipMultiByte()) {
        return false;
      }
    }
    return false;
  }

  /**
   * Whether none of a word's eight bytes ends or escapes a string, is a control character or is
   * past ASCII: {@code (x - 0x01..) & ~x & 0x80..} has a high bit set exactly when a byte of x is
   * zero, and {@code (x - n * 0x01..) & ~x & 0x80..} when a byte is below n.
   */
  private static boolean plainAscii(long word) {
    long quote = word ^ QUOTES;
    long backslash = word ^ BACKSLASHES;
    long special = ((quote - ONES) & ~quote) | ((backslash - ONES) & ~backslash) | ((word - SPACES) & ~word) | word;
    return (special & HIGH_BITS) == 0;
  }

  private boolean skipMultiByte() {
    int length = Utf8Bytes.sequenceLength(bytes, position, end);
    position += length;
    return length > 0;
  }

  private boolean readEscapedRest() {
    while (position < end) {
      int b = bytes[position] & 0xFF;
      if (b == '"') {
        text = decoded.bytes();
        textStart = 0;
        textLength = decoded.length();
        position++;
        return true;
      } else if (b == '\\') {
        int next = JsonEscapes.decode(bytes, position, end, decoded);
        if (next < 0) {
          return false;
        }
        position = next;
      } else if (b < 0x20) {
        return false;
      } else {
        int start = position;
        if (b < 0x80) {
          position++;
        } else if (!skipMultiByte()) {
          return false;
        }
        decoded.append(bytes, start, position - start);
      }
    }
    return false;
  }

  /**
   * Reads a whole number of at most 18 digits into {@link #number()}; false for anything else,
   * a fraction or an exponent included.
   */
  boolean readWholeNumber() {
    int start = position;
    boolean negative = take('-');
    int digitsStart = position;
    long value = 0;
    while (position < end && bytes[position] >= '0' && bytes[position] <= '9') {
      value = value * 10 + (bytes[position] - '0');
      position++;
    }
    int digits = position - digitsStart;
    boolean leadingZero = digits > 1 && bytes[digitsStart] == '0';
    if (digits == 0 || digits > MAX_DIGITS || leadingZero || at('.') || at('e') || at('E')) {
      position = start;
      return false;
    }
    number = negative ? -value : value;
    return true;
  }

  /** The last whole number read. */
  long number() {
    return number;
  }

  /** Skips a number in JSON's own grammar (fraction and exponent allowed, no leading zero). */
  boolean skipNumber() {
    int start = position;
    take('-');
    if (take('0')) {
      if (digits() > 0) {
        return false;
      }
    } else if (digits() == 0) {
      return false;
    }
    if (take('.') && digits() == 0) {
      return false;
    }
    if (take('e') || take('E')) {
      if (!take('+')) {
        take('-');
      }
      if (digits() == 0) {
        return false;
      }
    }
    return position - start <= MAX_NUMBER_LENGTH;
  }

  private int digits() {
    int start = position;
    while (position < end && bytes[position] >= '0' && bytes[position] <= '9') {
      position++;
    }
    return position - start;
  }
}
