package dev.medallion.silver;

import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeRow;
import org.apache.spark.sql.catalyst.expressions.codegen.UnsafeArrayWriter;
import org.apache.spark.sql.catalyst.expressions.codegen.UnsafeRowWriter;
import org.apache.spark.unsafe.Platform;
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

  /** In {@link #entryStrings}: a string with an escape, whose opening quote's position follows. */
  private static final int ESCAPED = -1;

  /** In {@link #entryStrings}: a null value. */
  private static final int NULL_VALUE = -2;

  private final byte[][] names;
  private final JsonFieldKind[] kinds;
  private final int corruptField;
  private final ZoneId zone;
  private final JsonText json = new JsonText(new byte[0], 0, 0);
  private final UnsafeRowWriter writer;
  private final UnsafeArrayWriter mapKeys;
  private final UnsafeArrayWriter mapValues;
  /** Which declared fields the current payload gave a value (the last of a repeated one). */
  private final boolean[] present;
  /** Per entry of the map read last: key start and length, value start and length. */
  private int[] entryStrings = new int[64];

  PlainObjectReader(List<String> names, JsonFieldKind[] kinds, int corruptField, ZoneId zone) {
    this.names = new byte[names.size()][];
    for (int i = 0; i < this.names.length; i++) {
      this.names[i] = names.get(i).getBytes(StandardCharsets.UTF_8);
    }
    this.kinds = kinds.clone();
    this.corruptField = corruptField;
    this.zone = zone;
    this.writer = new UnsafeRowWriter(kinds.length + 1, 256);
    this.mapKeys = new UnsafeArrayWriter(writer, 8);
    this.mapValues = new UnsafeArrayWriter(writer, 8);
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
        return writeMap(field);
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

  /**
   * Writes the object of strings at the cursor as a map, as Spark's generated code writes one: the
   * key array's size, the keys, the values. The object is read once, keeping where each key and
   * value lies in the payload; a string with an escape is read again where it is written.
   */
  private boolean writeMap(int field) {
    int entries = mapEntries();
    if (entries < 0) {
      return false;
    }
    int end = json.position();
    int previousCursor = writer.cursor();
    writer.grow(8);
    writer.increaseCursor(8);
    int keysCursor = writer.cursor();
    mapKeys.initialize(entries);
    for (int i = 0; i < entries; i++) {
      writeString(mapKeys, i, 2 * i);
    }
    Platform.putLong(writer.getBuffer(), keysCursor - 8, writer.cursor() - keysCursor);
    mapValues.initialize(entries);
    for (int i = 0; i < entries; i++) {
      if (entryStrings[4 * i + 2] == NULL_VALUE) {
        mapValues.setNull8Bytes(i);
      } else {
        writeString(mapValues, i, 2 * i + 1);
      }
    }
    writer.setOffsetAndSizeFromPreviousCursor(field, previousCursor);
    json.moveTo(end);
    return true;
  }

  /**
   * Reads the object of strings at the cursor, moving past it, and keeps where its strings lie
   * ({@link #entryStrings}); returns its number of entries, -1 for any other value.
   */
  private int mapEntries() {
    if (!json.take('{')) {
      return -1;
    }
    int entries = 0;
    json.skipWhitespace();
    if (json.take('}')) {
      return 0;
    }
    do {
      if (4 * entries + 4 > entryStrings.length) {
        entryStrings = Arrays.copyOf(entryStrings, entryStrings.length * 2);
      }
      json.skipWhitespace();
      if (!keepString(4 * entries)) {
        return -1;
      }
      json.skipWhitespace();
      if (!json.take(':')) {
        return -1;
      }
      json.skipWhitespace();
      if (json.takeLiteral("null")) {
        entryStrings[4 * entries + 2] = NULL_VALUE;
      } else if (!keepString(4 * entries + 2)) {
        return -1;
      }
      entries++;
      json.skipWhitespace();
    } while (json.take(','));
    return json.take('}') ? entries : -1;
  }

  /**
   * Reads the string at the cursor and keeps its place at {@code at} of {@link #entryStrings}: its
   * start and length in the payload, or, for a string with an escape, where to read it again.
   */
  private boolean keepString(int at) {
    int quote = json.position();
    if (!json.readString()) {
      return false;
    }
    if (json.text() == json.document()) {
      entryStrings[at] = json.textStart();
      entryStrings[at + 1] = json.textLength();
    } else {
      entryStrings[at] = ESCAPED;
      entryStrings[at + 1] = quote;
    }
    return true;
  }

  /** Writes string {@code string} (keys even, values odd) of the object read last. */
  private void writeString(UnsafeArrayWriter array, int element, int string) {
    int start = entryStrings[2 * string];
    int length = entryStrings[2 * string + 1];
    if (start == ESCAPED) {
      json.moveTo(length);
      json.readString();
      array.write(element, json.text(), json.textStart(), json.textLength());
    } else {
      array.write(element, json.document(), start, length);
    }
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
