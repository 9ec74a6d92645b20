package dev.medallion.silver;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.catalyst.util.ArrayBasedMapData;
import org.apache.spark.sql.catalyst.util.DateTimeUtils;
import org.apache.spark.sql.catalyst.util.GenericArrayData;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * The field types {@link JsonPayloadDecoder} reads, each turned into Spark's internal value the way
 * Spark's own JSON reader turns it: a string field takes any JSON value (a non-string one as its
 * JSON text), numbers and booleans must be of their JSON kind, a timestamp is a date-time text in
 * the session's time zone or whole seconds since the epoch. A value of the wrong kind throws: the
 * record is malformed.
 */
enum JsonFieldKind {
  STRING,
  BOOLEAN,
  INT,
  LONG,
  DOUBLE,
  TIMESTAMP,
  STRING_MAP;

  /** The kind reading {@code type}, or empty for a type left to Spark's own reader. */
  static Optional<JsonFieldKind> of(DataType type) {
    if (type.equals(DataTypes.StringType)) {
      return Optional.of(STRING);
    } else if (type.equals(DataTypes.BooleanType)) {
      return Optional.of(BOOLEAN);
    } else if (type.equals(DataTypes.IntegerType)) {
      return Optional.of(INT);
    } else if (type.equals(DataTypes.LongType)) {
      return Optional.of(LONG);
    } else if (type.equals(DataTypes.DoubleType)) {
      return Optional.of(DOUBLE);
    } else if (type.equals(DataTypes.TimestampType)) {
      return Optional.of(TIMESTAMP);
    } else if (type instanceof MapType map
        && map.keyType().equals(DataTypes.StringType)
        && map.valueType().equals(DataTypes.StringType)) {
      return Optional.of(STRING_MAP);
    }
    return Optional.empty();
  }

  /**
   * The value at the parser's current token (a field's value), in Spark's internal form; null for
   * JSON null.
   */
  Object read(JsonParser parser, JsonFactory factory, ZoneId zone) throws IOException {
    JsonToken token = parser.currentToken();
    if (token == JsonToken.VALUE_NULL) {
      return null;
    }
    return switch (this) {
      case STRING -> text(parser, factory);
      case BOOLEAN -> switch (token) {
        case VALUE_TRUE -> Boolean.TRUE;
        case VALUE_FALSE -> Boolean.FALSE;
        default -> throw mismatch(parser);
      };
      case INT -> {
        expect(parser, JsonToken.VALUE_NUMBER_INT);
        yield parser.getIntValue();
      }
      case LONG -> {
        expect(parser, JsonToken.VALUE_NUMBER_INT);
        yield parser.getLongValue();
      }
      case DOUBLE -> number(parser);
      case TIMESTAMP -> timestamp(parser, zone);
      case STRING_MAP -> map(parser, factory);
    };
  }

  private static UTF8String text(JsonParser parser, JsonFactory factory) throws IOException {
    if (parser.currentToken() == JsonToken.VALUE_STRING) {
      return UTF8String.fromString(parser.getText());
    }
    ByteArrayOutputStream json = new ByteArrayOutputStream();
    try (JsonGenerator generator = factory.createGenerator(json, JsonEncoding.UTF8)) {
      generator.copyCurrentStructure(parser);
    }
    return UTF8String.fromBytes(json.toByteArray());
  }

  private static Double number(JsonParser parser) throws IOException {
    JsonToken token = parser.currentToken();
    if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
      return parser.getDoubleValue();
    }
    if (token == JsonToken.VALUE_STRING) {
      switch (parser.getText()) {
        case "NaN":
          return Double.NaN;
        case "+INF", "+Infinity", "Infinity":
          return Double.POSITIVE_INFINITY;
        case "-INF", "-Infinity":
          return Double.NEGATIVE_INFINITY;
        default:
          break;
      }
    }
    throw mismatch(parser);
  }

  private static Long timestamp(JsonParser parser, ZoneId zone) throws IOException {
    JsonToken token = parser.currentToken();
    if (token == JsonToken.VALUE_NUMBER_INT) {
      return parser.getLongValue() * 1_000_000L;
    }
    if (token == JsonToken.VALUE_STRING && parser.getTextLength() > 0) {
      Long micros = timestampOf(UTF8String.fromString(parser.getText()), zone);
      if (micros != null) {
        return micros;
      }
    }
    throw mismatch(parser);
  }

  /**
   * A timestamp's text read as Spark's JSON reader reads it in {@code zone}: microseconds since the
   * epoch, or null where the text is not a timestamp.
   */
  static Long timestampOf(UTF8String text, ZoneId zone) {
    scala.Option<Object> micros = DateTimeUtils.stringToTimestamp(text, zone);
    if (micros.isEmpty()) {
      micros = DateTimeUtils.stringToTimestamp(DateTimeUtils.cleanLegacyTimestampStr(text), zone);
    }
    return micros.isDefined() ? (Long) micros.get() : null;
  }

  private static ArrayBasedMapData map(JsonParser parser, JsonFactory factory) throws IOException {
    expect(parser, JsonToken.START_OBJECT);
    List<Object> keys = new ArrayList<>();
    List<Object> values = new ArrayList<>();
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      keys.add(UTF8String.fromString(parser.currentName()));
      parser.nextToken();
      values.add(STRING.read(parser, factory, null));
    }
    return new ArrayBasedMapData(
        new GenericArrayData(keys.toArray()), new GenericArrayData(values.toArray()));
  }

  private static void expect(JsonParser parser, JsonToken token) throws IOException {
    if (parser.currentToken() != token) {
      throw mismatch(parser);
    }
  }

  private static IOException mismatch(JsonParser parser) throws IOException {
    return new IOException(
        "field " + parser.currentName() + ": " + parser.currentToken() + " does not fit the schema");
  }
}
