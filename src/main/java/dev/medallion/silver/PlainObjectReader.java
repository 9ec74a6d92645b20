package dev.medallion.silver;

import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.util.ArrayBasedMapData;
import org.apache.spark.sql.catalyst.util.GenericArrayData;
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

  private static final Object GIVE_UP = new Object();

  private final byte[][] names;
  private final JsonFieldKind[] kinds;
  private final int corruptField;
  private final ZoneId zone;

  PlainObjectReader(List<String> names, JsonFieldKind[] kinds, int corruptField, ZoneId zone) {
    this.names = new byte[names.size()][];
    for (int i = 0; i < this.names.length; i++) {
      this.names[i] = names.get(i).getBytes(StandardCharsets.UTF_8);
    }
    this.kinds = kinds.clone();
    this.corruptField = corruptField;
    this.zone = zone;
  }

  /**
   * The payload's row, or null where it is not a plain object this reader takes. The row holds the
   * declared fields and one more, last: true where the whole payload is known to be UTF-8 (the
   * object is, and anything after it is ASCII), null where that is left to the caller.
   */
  InternalRow read(byte[] bytes, int offset, int length) {
    if (length > MAX_PAYLOAD_BYTES) {
      return null;
    }
    JsonText json = new JsonText(bytes, offset, length);
    if (!json.skipWhitespace() || !json.take('{')) {
      return null;
    }
    Object[] values = new Object[kinds.length + 1];
    json.skipWhitespace();
    if (json.take('}')) {
      return row(values, json);
    }
    while (true) {
      if (!json.readString()) {
        return null;
      }
      int field = field(json);
      json.skipWhitespace();
      if (!json.take(':')) {
        return null;
      }
      json.skipWhitespace();
      if (field < 0 || field == corruptField) {
        if (!skipValue(json, 0)) {
          return null;
        }
      } else {
        Object value = value(json, kinds[field]);
        if (value == GIVE_UP) {
          return null;
        }
        values[field] = value;
      }
      json.skipWhitespace();
      if (json.take('}')) {
        return row(values, json);
      }
      if (!json.take(',') || !json.skipWhitespace()) {
        return null;
      }
    }
  }

  private static InternalRow row(Object[] values, JsonText json) {
    if (json.restIsAscii()) {
      values[values.length - 1] = Boolean.TRUE;
    }
    return new GenericInternalRow(values);
  }

  private int field(JsonText json) {
    for (int i = 0; i < names.length; i++) {
      if (json.textEquals(names[i])) {
        return i;
      }
    }
    return -1;
  }

  private Object value(JsonText json, JsonFieldKind kind) {
    if (json.takeLiteral("null")) {
      return null;
    }
    return switch (kind) {
      case STRING -> json.readString() ? UTF8String.fromBytes(json.textCopy()) : GIVE_UP;
      case BOOLEAN -> json.takeLiteral("true") ? Boolean.TRUE
          : json.takeLiteral("false") ? Boolean.FALSE : GIVE_UP;
      case INT -> json.readWholeNumber() && json.number() == (int) json.number()
          ? (Object) (int) json.number() : GIVE_UP;
      case LONG -> json.readWholeNumber() ? (Object) json.number() : GIVE_UP;
      case DOUBLE -> GIVE_UP;
      case TIMESTAMP -> timestamp(json);
      case STRING_MAP -> map(json);
    };
  }

  private Object timestamp(JsonText json) {
    if (json.readWholeNumber()) {
      return json.number() * 1_000_000L;
    }
    if (!json.readString() || json.textLength() == 0) {
      return GIVE_UP;
    }
    long utc = UtcTimestampText.micros(json.text(), json.textStart(), json.textLength());
    if (utc != UtcTimestampText.NOT_READ) {
      return utc;
    }
    Long micros = JsonFieldKind.timestampOf(UTF8String.fromBytes(json.textCopy()), zone);
    return micros == null ? GIVE_UP : micros;
  }

  private Object map(JsonText json) {
    if (!json.take('{')) {
      return GIVE_UP;
    }
    List<Object> keys = new ArrayList<>();
    List<Object> values = new ArrayList<>();
    json.skipWhitespace();
    if (!json.take('}')) {
      do {
        json.skipWhitespace();
        if (!json.readString()) {
          return GIVE_UP;
        }
        keys.add(UTF8String.fromBytes(json.textCopy()));
        json.skipWhitespace();
        if (!json.take(':')) {
          return GIVE_UP;
        }
        json.skipWhitespace();
        if (json.takeLiteral("null")) {
          values.add(null);
        } else if (json.readString()) {
          values.add(UTF8String.fromBytes(json.textCopy()));
        } else {
          return GIVE_UP;
        }
        json.skipWhitespace();
      } while (json.take(','));
      if (!json.take('}')) {
        return GIVE_UP;
      }
    }
    return new ArrayBasedMapData(
        new GenericArrayData(keys.toArray()), new GenericArrayData(values.toArray()));
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
