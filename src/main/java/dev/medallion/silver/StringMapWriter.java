package dev.medallion.silver;

import java.util.Arrays;
import org.apache.spark.sql.catalyst.expressions.codegen.UnsafeArrayWriter;
import org.apache.spark.sql.catalyst.expressions.codegen.UnsafeRowWriter;
import org.apache.spark.unsafe.Platform;

/**
 * {@link PlainObjectReader}'s map fields: a JSON object of strings (null values allowed) written
 * into the row as Spark's map of strings, from the reader's cursor into the reader's row writer.
 */
final class StringMapWriter {
  /** In {@link #entryStrings}: a string with an escape, whose opening quote's position follows. */
  private static final int ESCAPED = -1;

  /** In {@link #entryStrings}: a null value. */
  private static final int NULL_VALUE = -2;

  private final JsonText json;
  private final UnsafeRowWriter writer;
  private final UnsafeArrayWriter mapKeys;
  private final UnsafeArrayWriter mapValues;
  /** Per entry of the map read last: key start and length, value start and length. */
  private int[] entryStrings = new int[64];

  StringMapWriter(JsonText json, UnsafeRowWriter writer) {
    this.json = json;
    this.writer = writer;
    this.mapKeys = new UnsafeArrayWriter(writer, 8);
    this.mapValues = new UnsafeArrayWriter(writer, 8);
  }

  /**
   * Writes the object of strings at the cursor as field {@code field}'s map, as Spark's generated
   * code writes one: the key array's size, the keys, the values; false where the value is anything
   * else. The object is read once, keeping where each key and
   * value lies in the payload; a string with an escape is read again where it is written.
   */
  boolean write(int field) {
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
}
