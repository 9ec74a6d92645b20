package dev.medallion.silver;

import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeRow;
import org.apache.spark.sql.catalyst.expressions.codegen.UnsafeRowWriter;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * {@link JsonPayloadDecoder}'s fast path: reads a payload that is a plain JSON object straight from
 * its UTF-8 bytes into a row, copying each string's bytes instead of decoding them to Java text and
 * encoding them again. It gives up (returns null) wherever the payload leaves the plain cases (a
 * number where text is declared, a fraction, single quotes, a comment, bytes that are not UTF-8, a
 * value of the wrong kind...), and the decoder's Jackson path then gives its verdict; a row it does
 * return is the one that path would give.
 */
final class PlainObjectReader {
  /** Longest payload read here; Jackson's own limits on names and numbers lie beyond it. */
  private static final int MAX_PAYLOAD_BYTES = 32 * 1024;

  /** Deepest nesting skipped in a field the schema does not declare. */
  private static final int MAX_SKIPPED_DEPTH = 64;

  private final byte[][] names;
  private final JsonFieldKind[] kinds;
  private final int corruptField;
  private final ZoneId zone;
  private final JsonText json = new JsonText(new byte[0], 0, 0);
  private final UnsafeRowWriter writer;
  private final StringMapWriter maps;
  /** Which declared fields the current payload gave a value (the last of a repeated one). */
  private final boolean[] present;

  PlainObjectReader(List<String> names, JsonFieldKind[] kinds, int corruptField, ZoneId zone) {
    this.names = new byte[names.size()][];
    for (int i = 0; i < this.names.length; i++) {
      this.names[i] = names.get(i).getBytes(StandardCharsets.UTF_8);
    }
    this.kinds = kinds.clone();
    this.corruptField = corruptField;
    this.zone = zone;
    this.writer = new UnsafeRowWriter(kinds.length + 1, 256);
    this.maps = new StringMapWriter(json, writer);
    this.present = new boolean[kinds.length];
  }

  /**
   * The payload's row, or null where it is not a plain object this reader takes. The row holds the
   * declared fields and one more, last: true where the whole payload is known to be UTF-8 (the
   * object is, and anything after it is ASCII), null where that is left to the caller.
   *
   * <p>The row is the reader's own {@link UnsafeRow}, written as the fields are read and valid
   * until the next read, as Spark's projections hand on the rows they write: the generated code
   * that calls the decoder copies the fields it takes into its own row with a copy of bytes. A row
   * of Java objects instead (a string, a map's arrays, a boxed timestamp each) made every payload a
   * few dozen allocations; a copy of the row for each payload cost a quarter of the decoding.
   */
  InternalRow read(byte[] bytes, int offset, int length) {
    if (length > MAX_PAYLOAD_BYTES) {
      return null;
    }
    json.reset(bytes, offset, length);
    if (!json.skipWhitespace() || !json.take('{')) {
      return null;
    }
    writer.reset();
    writer.zeroOutNullBytes();
    Arrays.fill(present, false);
    json.skipWhitespace();
    if (json.take('}')) {
      return row();
    }
    while (true) {
      if (!json.readString()) {
        return null;
      }
      int field = field();
      json.skipWhitespace();
      if (!json.take(':')) {
        return null;
      }
      json.skipWhitespace();
      if (field < 0 || field == corruptField) {
        if (!skipValue(json, 0)) {
          return null;
        }
      } else if (json.takeLiteral("null")) {
        present[field] = false; // the last of a repeated field counts
      } else if (write(field, kinds[field])) {
        present[field] = true;
      } else {
        return null;
      }
      json.skipWhitespace();
      if (json.take('}')) {
        return row();
      }
      if (!json.take(',') || !json.skipWhitespace()) {
        return null;
      }
    }
  }

  private InternalRow row() {
    for (int i = 0; i < kinds.length; i++) {
      if (!present[i]) {
        writer.setNullAt(i);
      }
    }
    if (json.restIsAscii()) {
      writer.write(kinds.length, true);
    } else {
      writer.setNullAt(kinds.length);
    }
    return writer.getRow();
  }

  private int field() {
    for (int i = 0; i < names.length; i++) {
      if (json.textEquals(names[i])) {
        return i;
      }
    }
    return -1;
  }

  /** Writes the value at the cursor (not null) into the row; false where this reader gives up. */
  private boolean write(int field, JsonFieldKind kind) {
    switch (kind) {
      case STRING -> {
        if (!json.readString()) {
          return false;
        }
        writer.write(field, json.text(), json.textStart(), json.textLength());
      }
      case BOOLEAN -> {
        if (json.takeLiteral("true")) {
          writer.write(field, true);
        } else if (json.takeLiteral("false")) {
          writer.write(field, false);
        } else {
          return false;
        }
      }
      case INT -> {
        if (!json.readWholeNumber() || json.number() != (int) json.number()) {
          return false;
        }
        writer.write(field, (int) json.number());
      }
      case LONG -> {
        if (!json.readWholeNumber()) {
          return false;
        }
        writer.write(field, json.number());
      }
      case TIMESTAMP -> {
        long micros = timestamp();
        if (micros == UtcTimestampText.NOT_READ) {
          return false;
        }
        writer.write(field, micros);
      }
      case STRING_MAP -> {
        return maps.write(field);
      }
      default -> {
        return false; // DOUBLE: Jackson reads its forms
      }
    }
    return true;
  }

  /** The timestamp at the cursor in microseconds, or {@link UtcTimestampText#NOT_READ}. */
  private long timestamp() {
    if (json.readWholeNumber()) {
      return json.number() * 1_000_000L;
    }
    if (!json.readString() || json.textLength() == 0) {
      return UtcTimestampText.NOT_READ;
    }
    long utc = UtcTimestampText.micros(json.text(), json.textStart(), json.textLength());
    if (utc != UtcTimestampText.NOT_READ) {
      return utc;
    }
    Long micros = JsonFieldKind.timestampOf(UTF8String.fromBytes(json.textCopy()), zone);
    return micros == null ? UtcTimestampText.NOT_READ : micros;
  }

  private static boolean skipValue(JsonText json, int depth) {
    if (json.at('"')) {
      return json.readString();
    }
    if (json.take('{')) {
      return depth < MAX_SKIPPED_DEPTH && skipMembers(json, depth + 1);
    }
    if (json.take('[')) {
      return depth < MAX_SKIPPED_DEPTH && skipElements(json, depth + 1);
    }
    return json.takeLiteral("true")
        || json.takeLiteral("false")
        || json.takeLiteral("null")
        || json.skipNumber();
  }

  private static boolean skipMembers(JsonText json, int depth) {
    json.skipWhitespace();
    if (json.take('}')) {
      return true;
    }
    do {
      json.skipWhitespace();
      if (!json.readString()) {
        return false;
      }
      json.skipWhitespace();
      if (!json.take(':') || !json.skipWhitespace() || !skipValue(json, depth)) {
        return false;
      }
      json.skipWhitespace();
    } while (json.take(','));
    return json.take('}');
  }

  private static boolean skipElements(JsonText json, int depth) {
    json.skipWhitespace();
    if (json.take(']')) {
      return true;
    }
    do {
      json.skipWhitespace();
      if (!skipValue(json, depth)) {
        return false;
      }
      json.skipWhitespace();
    } while (json.take(','));
    return json.take(']');
  }
}
