package dev.medallion.quality;

import dev.medallion.ops.MethodColumns;
import java.io.Serializable;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.unsafe.Platform;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * Two of Spark's regular-expression functions for a plain {@link AsciiPattern}, decided on the
 * UTF-8 bytes where the text is printable ASCII: {@code text RLIKE '^(?:p)$'} and {@code
 * regexp_replace(text, p, '')}. Spark turns every value into a Java {@code String} and runs {@code
 * java.util.regex} on it, and the replacement back into UTF-8: per row the largest share of
 * silver's standardizations and rules. Text of any other kind (longer than 63 bytes for a match,
 * or with a control or non-ASCII character) goes to {@code java.util.regex} as Spark's functions
 * take it, so every value gives Spark's result.
 */
public final class AsciiText implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final int LONGEST_MATCHED = 63;

  private final AsciiPattern plain;
  private final String regex;
  private transient Pattern compiled;

  private AsciiText(AsciiPattern plain, String regex) {
    this.plain = plain;
    this.regex = regex;
  }

  /**
   * {@code text RLIKE '^(?:regex)$'}, null where the text is null: decided on the bytes where
   * the pattern is plain, otherwise Spark's {@code rlike} itself.
   */
  public static Column matchesWhole(Column text, String regex) {
    String anchored = "^(?:" + regex + ")$";
    return AsciiPattern.compile(regex)
        .map(plain -> new AsciiText(plain, anchored).call("matchesWhole", DataTypes.BooleanType, text))
        .orElseGet(() -> text.rlike(anchored));
  }

  /**
   * {@code regexp_replace(text, regex, '')} where the pattern is one plain character class, once
   * or more; empty otherwise.
   */
  public static Optional<Column> removeAll(Column text, String regex) {
    return AsciiPattern.compile(regex)
        .filter(AsciiPattern::isOneClass)
        .map(plain -> new AsciiText(plain, regex).call("removeAll", DataTypes.StringType, text));
  }

  /** Called by the generated code of {@link #matchesWhole(Column, String)}. */
  public boolean matchesWhole(UTF8String text) {
    int length = text.numBytes();
    if (length <= LONGEST_MATCHED && text.getBaseObject() instanceof byte[] base) {
      int offset = (int) (text.getBaseOffset() - Platform.BYTE_ARRAY_OFFSET);
      if (printableAscii(base, offset, length)) {
        return plain.matchesWhole(base, offset, length);
      }
    }
    return pattern().matcher(text.toString()).find(0);
  }

  /** Called by the generated code of {@link #removeAll(Column, String)}. */
  public UTF8String removeAll(UTF8String text) {
    int length = text.numBytes();
    if (text.getBaseObject() instanceof byte[] base) {
      int offset = (int) (text.getBaseOffset() - Platform.BYTE_ARRAY_OFFSET);
      if (printableAscii(base, offset, length)) {
        return kept(text, base, offset, length);
      }
    }
    return UTF8String.fromString(pattern().matcher(text.toString()).replaceAll(""));
  }

  private UTF8String kept(UTF8String text, byte[] base, int offset, int length) {
    int first = 0;
    while (first < length && !plain.inClass(base[offset + first])) {
      first++;
    }
    if (first == length) {
      return text; // nothing to remove: the value as it is, without a copy
    }
    byte[] kept = new byte[length];
    System.arraycopy(base, offset, kept, 0, first);
    int size = first;
    for (int i = first + 1; i < length; i++) {
      byte c = base[offset + i];
      if (!plain.inClass(c)) {
        kept[size++] = c;
      }
    }
    return UTF8String.fromBytes(kept, 0, size);
  }

  private static boolean printableAscii(byte[] base, int offset, int length) {
    for (int i = offset; i < offset + length; i++) {
      if (base[i] < ' ' || base[i] == 127) { // bytes past ASCII are negative
        return false;
      }
    }
    return true;
  }

  private Pattern pattern() {
    if (compiled == null) {
      compiled = Pattern.compile(regex);
    }
    return compiled;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof AsciiText text && text.regex.equals(regex);
  }

  @Override
  public int hashCode() {
    return regex.hashCode();
  }

  private Column call(String method, DataType result, Column text) {
    return MethodColumns.call(this, method, result, true, false, text.cast("string"));
  }
}
