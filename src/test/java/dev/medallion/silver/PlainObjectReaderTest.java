package dev.medallion.silver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.medallion.ingest.generator.EventGenerator;
import dev.medallion.ingest.generator.GeneratedRecord;
import dev.medallion.ingest.generator.GeneratorOptions;
import dev.medallion.ingest.generator.RecordKind;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.util.MapData;
import org.apache.spark.unsafe.types.UTF8String;
import org.junit.jupiter.api.Test;

/**
 * Which payloads the decoder's fast path reads itself, and what it reads; the values are checked
 * against Spark's {@code from_json} in {@link JsonPayloadDecoderIT}.
 */
class PlainObjectReaderTest {
  private static final List<String> NAMES =
      List.of("event_id", "customer_id", "event_type", "event_time", "properties", "n", "_corrupt");
  private static final JsonFieldKind[] KINDS = {
    JsonFieldKind.STRING,
    JsonFieldKind.STRING,
    JsonFieldKind.STRING,
    JsonFieldKind.TIMESTAMP,
    JsonFieldKind.STRING_MAP,
    JsonFieldKind.INT,
    JsonFieldKind.STRING
  };
  private final PlainObjectReader reader = new PlainObjectReader(NAMES, KINDS, 6, ZoneOffset.UTC);

  @Test
  void readsEveryWellFormedGeneratedEvent() {
    EventGenerator generator =
        new EventGenerator(
            new GeneratorOptions(2_000, 100, 0.5, 3, Instant.parse("2026-11-25T12:00:00Z")));
    int wellFormed = 0;
    while (generator.hasNext()) {
      GeneratedRecord record = generator.next();
      if (record.kind() != RecordKind.MALFORMED_JSON && record.kind() != RecordKind.NOT_UTF8) {
        assertThat(read(record.value())).as(new String(record.value(), StandardCharsets.UTF_8)).isNotNull();
        wellFormed++;
      }
    }
    assertThat(wellFormed).isGreaterThan(1_000);
  }

  @Test
  void copiesTextAndDecodesEscapes() {
    InternalRow row =
        read("{ \"event_id\" : \"caf\u00e9 \\\"q\\\" \\u00e9\\ud83d\\ude00\", \"unknown\": [1, {\"x\": null}],"
            + " \"event_time\": \"2026-11-25T10:00:00Z\", \"n\": -12,"
            + " \"properties\": {\"amount\": \"12.50\", \"none\": null}, \"_corrupt\": \"ignored\"}");

    assertThat(row.getUTF8String(0)).isEqualTo(UTF8String.fromString("caf\u00e9 \"q\" \u00e9\ud83d\ude00"));
    assertThat(row.isNullAt(1)).isTrue();
    assertThat(row.getLong(3)).isEqualTo(Instant.parse("2026-11-25T10:00:00Z").toEpochMilli() * 1_000);
    assertThat(row.getInt(5)).isEqualTo(-12);
    MapData properties = row.getMap(4);
    assertThat(properties.numElements()).isEqualTo(2);
    assertThat(properties.keyArray().getUTF8String(0)).isEqualTo(UTF8String.fromString("amount"));
    assertThat(properties.valueArray().getUTF8String(0)).isEqualTo(UTF8String.fromString("12.50"));
    assertThat(properties.valueArray().isNullAt(1)).isTrue();
    assertThat(row.isNullAt(6)).as("a payload's own corrupt-record field is ignored").isTrue();
    assertThat(row.getBoolean(7)).as("known to be UTF-8").isTrue();
  }

  @Test
  void leavesTheValidityOfBytesAfterTheObjectToTheCaller() {
    assertThat(read("{\"event_id\":\"a\"} trailing").getBoolean(7)).isTrue();
    assertThat(read("{\"event_id\":\"a\"} caf\u00e9").isNullAt(7)).isTrue();
  }

  @Test
  void leavesAnythingButPlainObjectsToJackson() {
    List<String> notPlain =
        List.of(
            "{\"event_id\":12}",
            "{\"n\":1.5}",
            "{\"n\":2147483648}",
            "{\"event_id\":'a'}",
            "{\"event_id\":\"a\",}",
            "{\"event_id\":\"\\ud83d\"}",
            "{\"event_id\":\"a\tb\"}",
            "{\"event_time\":\"not a time\"}",
            "{\"properties\":{\"amount\":12.5}}",
            "/* c */ {\"event_id\":\"a\"}",
            "[]",
            "");
    for (String payload : notPlain) {
      assertThat(read(payload)).as(payload).isNull();
    }
    assertThat(reader.read(new byte[] {'{', '"', 'a', (byte) 0xC3, '"', ':', '1', '}'}, 0, 8)).isNull();
  }

  @Test
  void readsWithinTheGivenRangeOfALargerArray() {
    byte[] bytes = "xx{\"event_id\":\"a\"}{\"event_id\":\"b\"}".getBytes(StandardCharsets.UTF_8);

    assertThat(reader.read(bytes, 18, 16).getUTF8String(0)).isEqualTo(UTF8String.fromString("b"));
    assertThat(reader.read(bytes, 2, 15)).as("cut before the closing brace").isNull();
  }

  @Test
  void aRowCopiedBeforeTheNextReadKeepsItsValues() {
    InternalRow first =
        read("{\"event_id\":\"a\",\"n\":7,\"properties\":{\"k\":\"v\",\"z\":null},\"customer_id\":\"c\"}")
            .copy();
    InternalRow second =
        read("{\"event_id\":\"bb\",\"n\":null,\"customer_id\":\"x\",\"customer_id\":null,"
            + "\"event_type\":null,\"event_type\":\"VIEW\",\"properties\":{}}")
            .copy();
    assertThat(read("{ \"event_id\" : \"cut\"")).isNull();
    assertThat(read("{\"n\":1}").isNullAt(0)).as("no value left from the rows before").isTrue();

    assertThat(first.getUTF8String(0)).isEqualTo(UTF8String.fromString("a"));
    assertThat(first.getInt(5)).isEqualTo(7);
    assertThat(first.getUTF8String(1)).isEqualTo(UTF8String.fromString("c"));
    assertThat(first.isNullAt(2)).isTrue();
    assertThat(first.getMap(4).keyArray().getUTF8String(1)).isEqualTo(UTF8String.fromString("z"));
    assertThat(first.getMap(4).valueArray().isNullAt(1)).isTrue();
    assertThat(second.getUTF8String(0)).isEqualTo(UTF8String.fromString("bb"));
    assertThat(second.isNullAt(5)).as("null after no value").isTrue();
    assertThat(second.isNullAt(1)).as("the last of a repeated field: null").isTrue();
    assertThat(second.getUTF8String(2)).as("the last of a repeated field: a value").isEqualTo(UTF8String.fromString("VIEW"));
    assertThat(second.getMap(4).numElements()).isZero();
    assertThat(second.isNullAt(3)).isTrue();
  }

  private InternalRow read(String payload) {
    return read(payload.getBytes(StandardCharsets.UTF_8));
  }

  private InternalRow read(byte[] payload) {
    return reader.read(payload, 0, payload.length);
  }
}
