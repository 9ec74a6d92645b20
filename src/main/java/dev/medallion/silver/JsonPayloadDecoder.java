package dev.medallion.silver;

import com.fasterxml.jackson.core.JsonFactory;
import dev.medallion.ops.MethodColumns;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.json.JSONOptions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.Platform;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * Decodes a JSON payload straight into Spark's internal row for a declared schema of flat fields,
 * with the result {@code from_json} gives in permissive mode: the declared fields of a JSON object
 * (others ignored, missing ones null, the last of a repeated one kept, anything after the object
 * ignored), or, for a payload that is not such an object, a row whose only value is the payload in
 * the corrupt-record field (for a blank payload {@code from_json} gives null instead; both mean
 * malformed to silver).
 *
 * <p>It reads the payload's UTF-8 bytes where they lie: a plain object by {@link
 * PlainObjectReader}, which copies each string's bytes, anything else by Jackson. Spark's reader
 * decodes every payload through a new {@code InputStreamReader} (an 8 KB buffer each) and a
 * converter generic over every type, which made decoding the largest single cost of silver.
 */
public final class JsonPayloadDecoder implements Serializable {
  /** The field {@link #decoded(Column)} adds to the schema's: whether the payload is UTF-8 text. */
  public static final String VALID_UTF8 = "_payload_is_utf8";

  private static final long serialVersionUID = 1L;

  private final StructType schema;
  private final int corruptField;
  private final String zoneId;
  private final JsonFieldKind[] kinds;
  private transient Map<String, Integer> fields;
  private transient JsonFactory factory;
  private transient ZoneId zone;
  private transient PlainObjectReader plainObjects;

  private JsonPayloadDecoder(StructType schema, String corruptField, String zoneId) {
    this.schema = schema;
    this.corruptField = schema.fieldIndex(corruptField);
    this.zoneId = zoneId;
    this.kinds = new JsonFieldKind[schema.size()];
    for (int i = 0; i < kinds.length; i++) {
      kinds[i] = JsonFieldKind.of(schema.fields()[i].dataType()).orElseThrow();
    }
    prepare();
  }

  /** The parts not shipped to tasks, made again where the decoder is deserialized. */
  private void prepare() {
    factory =
        new JSONOptions(scala.collection.immutable.Map$.MODULE$.empty(), zoneId, "")
            .buildJsonFactory();
    zone = ZoneId.of(zoneId);
    fields = new HashMap<>();
    for (int i = 0; i < kinds.length; i++) {
      fields.put(schema.fields()[i].name(), i);
    }
    plainObjects = new PlainObjectReader(List.of(schema.fieldNames()), kinds, corruptField, zone);
  }

  private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
    in.defaultReadObject();
    prepare();
  }

  /**
   * A decoder for {@code schema} (which holds {@code corruptField}, a string), reading timestamps
   * in {@code zoneId}; empty when a field has a type it does not read.
   */
  public static Optional<JsonPayloadDecoder> forSchema(
      StructType schema, String corruptField, String zoneId) {
    for (StructField field : schema.fields()) {
      if (JsonFieldKind.of(field.dataType()).isEmpty()) {
        return Optional.empty();
      }
    }
    return Optional.of(new JsonPayloadDecoder(schema, corruptField, zoneId));
  }

  /**
   * The decoded payload as a struct column of the schema and one more field, {@link #VALID_UTF8}:
   * whether the payload is UTF-8 text, as {@code is_valid_utf8} says (known for free where the
   * payload is a plain object). Null where the payload is null.
   */
  public Column decoded(Column payload) {
    return MethodColumns.call(
        this, "decode", schema.add(VALID_UTF8, DataTypes.BooleanType, false), true, true, payload);
  }

  /** One payload decoded; called by the generated code of {@link #decoded(Column)}. */
  public InternalRow decode(UTF8String payload) {
    byte[] bytes;
    int offset;
    if (payload.getBaseObject() instanceof byte[] base) {
      bytes = base;
      offset = (int) (payload.getBaseOffset() - Platform.BYTE_ARRAY_OFFSET);
    } else {
      bytes = payload.getBytes();
      offset = 0;
    }
    int length = payload.numBytes();
    InternalRow plain = plainObjects.read(bytes, offset, length);
    if (plain != null) {
      if (plain.isNullAt(kinds.length)) {
        plain.setBoolean(kinds.length, payload.isValid());
      }
      return plain;
    }
    boolean valid = payload.isValid();
    InternalRow row;
    // Spark reads bytes that are not UTF-8 with replacement characters, where Jackson reading the
    // bytes would take some (an overlong form, a surrogate) as characters: such a payload's text
    try (JsonParser parser = valid ? open(bytes, offset, length) : factory.createParser(payload.toString())) {
      row = fields(parser);
    } catch (IOException | RuntimeException e) {
      row = corrupt(payload);
    }
    row.update(kinds.length, valid);
    return row;
  }

  private InternalRow fields(JsonParser parser) throws IOException {
    if (parser.nextToken() != JsonToken.START_OBJECT) {
      throw new IOException("not a JSON object");
    }
    Object[] values = new Object[kinds.length + 1];
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      Integer field = fields.get(parser.currentName());
      JsonToken value = parser.nextToken();
      if (field == null || field == corruptField) {
        if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
          parser.skipChildren();
        }
      } else {
        values[field] = kinds[field].read(parser, factory, zone);
      }
    }
    return new GenericInternalRow(values);
  }

  private JsonParser open(byte[] bytes, int offset, int length) throws IOException {
    if (startsLikeAnotherEncoding(bytes, offset, length)) {
      throw new IOException("not UTF-8 JSON text");
    }
    return factory.createParser(bytes, offset, length);
  }

  /**
   * Whether the payload starts the way only a UTF-16/32 text (a zero byte in the first four) or a
   * byte-order mark does: Jackson would detect those encodings from the bytes, where Spark reads
   * every payload as UTF-8 and rejects them.
   */
  private static boolean startsLikeAnotherEncoding(byte[] bytes, int offset, int length) {
    if (length >= 3
        && bytes[offset] == (byte) 0xEF
        && bytes[offset + 1] == (byte) 0xBB
        && bytes[offset + 2] == (byte) 0xBF) {
      return true;
    }
    for (int i = 0; i < Math.min(length, 4); i++) {
      if (bytes[offset + i] == 0) {
        return true;
      }
    }
    return false;
  }

  private InternalRow corrupt(UTF8String payload) {
    GenericInternalRow row = new GenericInternalRow(kinds.length + 1);
    row.update(corruptField, payload.copy());
    return row;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof JsonPayloadDecoder decoder
        && decoder.schema.equals(schema)
        && decoder.zoneId.equals(zoneId);
  }

  @Override
  public int hashCode() {
    return schema.hashCode() * 31 + zoneId.hashCode();
  }
}
