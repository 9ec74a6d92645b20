package dev.medallion.silver;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.is_valid_utf8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.medallion.ingest.generator.EventGenerator;
import dev.medallion.ingest.generator.GeneratorOptions;
import dev.medallion.testing.SharedSpark;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.metrics.source.CodegenMetrics;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * The decoder against Spark's own {@code from_json} (permissive, with a corrupt-record field) on
 * the same payloads: the same records are malformed, and every other record has the same values.
 */
class JsonPayloadDecoderIT {
  private static final String CORRUPT = "_corrupt_record";
  private static final StructType EVERY_KIND =
      StructType.fromDDL(
          "event_id STRING, event_time TIMESTAMP, properties MAP<STRING, STRING>, n INT, big BIGINT,"
              + " amount DOUBLE, flag BOOLEAN, _corrupt_record STRING");
  private static final StructType SEED_EVENTS =
      StructType.fromDDL(
          "event_id STRING, customer_id STRING, event_type STRING, event_time TIMESTAMP,"
              + " properties MAP<STRING, STRING>, _corrupt_record STRING");

  private static final List<String> EDGE_CASES =
      List.of(
          "{\"event_id\":\"a\",\"event_time\":\"2026-11-25T10:00:00Z\"}",
          "{\"event_id\":\"a\",\"event_time\":\"2026-11-25T10:00:00.123456Z\"}",
          "{\"event_id\":\"a\",\"event_time\":\"2026-11-25T10:00:00.5Z\"}",
          "{\"event_id\":\"a\",\"event_time\":\"2026-11-25T10:00:00.1234567Z\"}",
          "{\"event_id\":\"a\",\"event_time\":\"2024-02-29T23:59:59.999Z\"}",
          "{\"event_id\":\"a\",\"event_time\":\"2026-02-29T10:00:00Z\"}",
          "{\"event_id\":\"a\",\"event_time\":\"2026-11-25T24:00:00Z\"}",
          "{\"event_id\":\"a\",\"event_time\":\"2026-11-25T10:00:00.Z\"}",
          "{\"event_id\":\"a\",\"event_time\":\"2026-11-25 10:00:00\"}",
          "{\"event_id\":\"a\",\"event_time\":\"2026-11-25T10:00:00+05:30\"}",
          "{\"event_id\":\"a\",\"event_time\":\"2026-11-25\"}",
          "{\"event_id\":\"a\",\"event_time\":\"2026-11-25T10:00\"}",
          "{\"event_id\":\"a\",\"event_time\":\" 2026-11-25T10:00:00Z \"}",
          "{\"event_id\":\"a\",\"event_time\":\"2026-02-30T10:00:00Z\"}",
          "{\"event_id\":\"a\",\"event_time\":\"2026-11-25T10:00:00 UTC\"}",
          "{\"event_id\":\"a\",\"event_time\":1795620227}",
          "{\"event_id\":\"a\",\"event_time\":1795620227.5}",
          "{\"event_id\":\"a\",\"event_time\":\"not a time\"}",
          "{\"event_id\":\"a\",\"event_time\":\"\"}",
          "{\"event_id\":\"a\",\"event_time\":true}",
          "{\"event_id\":12,\"n\":3}",
          "{\"event_id\":12.50}",
          "{\"event_id\":1e3}",
          "{\"event_id\":{\"x\":[1,2,{\"y\":null}]}}",
          "{\"event_id\":[1,\"a\"]}",
          "{\"event_id\":true}",
          "{\"event_id\":null}",
          "{\"event_id\":\"\"}",
          "{\"event_id\":\"\u00e9 \\u00e9 \\ud83d\\ude00 \\\"q\\\" \\\\ \\n\"}",
          "{\"event_id\":'single'}",
          "{'event_id':\"a\"}",
          "{event_id:\"a\"}",
          "{\"event_id\":\"a\",}",
          "{\"event_id\":\"a\"} trailing",
          "{\"event_id\":\"a\"}{\"event_id\":\"b\"}",
          "{\"event_id\":\"a\"",
          "{\"event_id\":\"a\",\"event_id\":\"b\"}",
          "{\"event_id\":\"a\",\"EVENT_ID\":\"b\"}",
          "{\"unknown\":{\"deep\":[1,2,3]},\"event_id\":\"a\"}",
          "{\"properties\":{\"amount\":\"12.50\",\"n\":12.50,\"o\":{\"a\":1},\"z\":null,\"b\":true,"
              + "\"a\":\"1\",\"a\":\"2\"}}",
          "{\"properties\":\"not a map\"}",
          "{\"properties\":[]}",
          "{\"properties\":{}}",
          "{\"n\":2147483648}",
          "{\"n\":12.0}",
          "{\"n\":\"12\"}",
          "{\"big\":9223372036854775808}",
          "{\"big\":-5}",
          "{\"amount\":\"NaN\"}",
          "{\"amount\":NaN}",
          "{\"amount\":\"Infinity\"}",
          "{\"amount\":\"-INF\"}",
          "{\"amount\":\"1.5\"}",
          "{\"amount\":1}",
          "{\"amount\":-0.0}",
          "{\"amount\":1e400}",
          "{\"amount\":.5}",
          "{\"amount\":+1}",
          "{\"n\":012}",
          "{\"flag\":true}",
          "{\"flag\":\"true\"}",
          "{\"flag\":1}",
          "{\"_corrupt_record\":\"x\",\"event_id\":\"a\"}",
          "[{\"event_id\":\"a\"}]",
          "[]",
          "\"a string\"",
          "123",
          "null",
          "true",
          "",
          "   ",
          "{}",
          " { } ",
          "\uFEFF{\"event_id\":\"a\"}",
          "{\"event_id\":\"a\"} // comment",
          "/* c */ {\"event_id\":\"a\"}",
          "{\"event_id\":\"a\\u0000\"}",
          "{\"event_id\":\"a\u0001\"}",
          // the plain path's own edges: escapes, UTF-8, whitespace, skipped values, numbers
          "{\"event\\u005fid\":\"a\"}",
          " {\t\"event_id\" :\r\n\"a\" , \"n\" : 3 }\n",
          "{\"event_id\":\"\\u00E9\\u00e9\\/\\b\\f\\r\\t\"}",
          "{\"event_id\":\"\\ud83d\"}",
          "{\"event_id\":\"\\ude00\"}",
          "{\"event_id\":\"\\ud83d\\n\"}",
          "{\"event_id\":\"\\ud83d\\u0041\"}",
          "{\"event_id\":\"\\u12\"}",
          "{\"event_id\":\"\\x\"}",
          "{\"event_id\":\"\\'\"}",
          "{\"event_id\":\"\uD83D\uDE00 \u65e5\u672c \u007f\"}",
          "{\"event_id\":\"a\tb\"}",
          "{\"event_id\":\"a\"",
          "{\"event_id\":\"a",
          "{\"unknown\":[{\"a\":[1,2.5e3,-0.1,1E+2,true,false,null,\"x\\n\"]}],\"event_id\":\"a\"}",
          "{\"unknown\":01,\"event_id\":\"a\"}",
          "{\"unknown\":1.,\"event_id\":\"a\"}",
          "{\"unknown\":-,\"event_id\":\"a\"}",
          "{\"unknown\":1e,\"event_id\":\"a\"}",
          "{\"unknown\":[1,],\"event_id\":\"a\"}",
          "{\"unknown\":{\"a\":1,},\"event_id\":\"a\"}",
          "{\"unknown\":\"\\q\",\"event_id\":\"a\"}",
          "{\"unknown\":tru,\"event_id\":\"a\"}",
          "{\"n\":-0}",
          "{\"n\":-2147483648}",
          "{\"n\":-2147483649}",
          "{\"n\":1-2}",
          "{\"big\":123456789012345678}",
          "{\"big\":1234567890123456789}",
          "{\"big\":-12345678901234567890}",
          "{\"event_time\":-5}",
          "{\"event_time\":\"2026-11-25T10:00:00Z\",\"event_time\":null}",
          "{\"properties\":{\"a\":null,\"b\":\"x\"}}",
          "{\"properties\":{\"k\\u00e9\":\"v\\\"q\",\"plain\":\"p\",\"e\\n\":null,\"z\":\"\\t\"},\"n\":3}",
          "{\"properties\":{ \"a\" : \"1\" ,\"b\":\"2\" } }",
          "{\"properties\":{\"a\":\"1\",}}",
          "{\"properties\":{\"a\":1}}",
          "{\"properties\":{\"a\":\"1\"}",
          "{\"flag\":false}",
          "{\"flag\":null}",
          "{\"flag\":truex}",
          "{\"event_id\":nul}",
          "{\"event_id\":\"a\"}}",
          "{\"event_id\":\"a\" \"n\":1}",
          "{,}",
          "{\"event_id\"}",
          "{\"event_id\":}",
          "{\"event_id\":\"" + "x".repeat(40_000) + "\"}");

  @Test
  void decodesEdgeCasesAsSparkDoes() {
    List<byte[]> payloads = new ArrayList<>();
    EDGE_CASES.forEach(text -> payloads.add(text.getBytes(StandardCharsets.UTF_8)));
    payloads.add("{\"event_id\":\"a\"}".getBytes(StandardCharsets.UTF_16LE));
    payloads.add("{\"event_id\":\"a\"}".getBytes(StandardCharsets.UTF_16BE));
    payloads.add(new byte[] {'{', '"', 'e', '"', ':', '"', (byte) 0xC3, '"', '}'});
    payloads.add(withRawBytes(0xC0, 0x80));
    payloads.add(withRawBytes(0xED, 0xA0, 0x80));
    payloads.add(withRawBytes(0xE0, 0x80, 0x80));
    payloads.add(withRawBytes(0xF0, 0x8F, 0xBF, 0xBF));
    payloads.add(withRawBytes(0xF4, 0x90, 0x80, 0x80));
    payloads.add(withRawBytes(0xF5, 0x80, 0x80, 0x80));
    payloads.add(withRawBytes(0xE2, 0x82));
    payloads.add(withRawBytes(0xEF, 0xBF, 0xBF));
    payloads.add(withRawBytes(0xF4, 0x8F, 0xBF, 0xBF));
    byte[] trailingInvalid = "{\"event_id\":\"a\"} \u00ff".getBytes(StandardCharsets.ISO_8859_1);
    payloads.add(trailingInvalid);
    payloads.add(null);

    assertSameAsSpark(payloads, EVERY_KIND);
  }

  @Test
  void decodesGeneratedEventsAsSparkDoes() {
    EventGenerator generator =
        new EventGenerator(
            new GeneratorOptions(3_000, 200, 0.3, 11, Instant.parse("2026-11-25T12:00:00Z")));
    List<byte[]> payloads = new ArrayList<>();
    while (generator.hasNext()) {
      payloads.add(generator.next().value());
    }

    assertSameAsSpark(payloads, SEED_EVENTS);
  }

  @Test
  void aDecoderOfTheNextBatchUsesTheCodeAlreadyCompiled() {
    SparkSession spark = SharedSpark.session();
    List<byte[]> payloads = List.of("{\"event_id\":\"x\",\"n\":1}".getBytes(StandardCharsets.UTF_8));
    decodedOnly(spark, payloads, EVERY_KIND);
    long before = CodegenMetrics.METRIC_COMPILATION_TIME().getCount();

    List<Row> rows = decodedOnly(spark, payloads, EVERY_KIND);

    assertThat(rows.get(0).getStruct(0).getString(0)).isEqualTo("x");
    assertThat(CodegenMetrics.METRIC_COMPILATION_TIME().getCount()).isEqualTo(before);
  }

  /** {"event_id":"a?b"} with {@code raw} bytes in place of the question mark. */
  private static byte[] withRawBytes(int... raw) {
    byte[] head = "{\"event_id\":\"a".getBytes(StandardCharsets.US_ASCII);
    byte[] tail = "b\"}".getBytes(StandardCharsets.US_ASCII);
    byte[] payload = new byte[head.length + raw.length + tail.length];
    System.arraycopy(head, 0, payload, 0, head.length);
    for (int i = 0; i < raw.length; i++) {
      payload[head.length + i] = (byte) raw[i];
    }
    System.arraycopy(tail, 0, payload, head.length + raw.length, tail.length);
    return payload;
  }

  private static List<Row> decodedOnly(SparkSession spark, List<byte[]> payloads, StructType schema) {
    JsonPayloadDecoder decoder = decoder(spark, schema);
    return payloadColumn(spark, payloads).select(decoder.decoded(col("payload"))).collectAsList();
  }

  private static void assertSameAsSpark(List<byte[]> payloads, StructType schema) {
    SparkSession spark = SharedSpark.session();
    Column payload = col("payload");
    List<Row> rows =
        payloadColumn(spark, payloads)
            .select(
                payload,
                from_json(payload, schema, Map.of("mode", "PERMISSIVE", "columnNameOfCorruptRecord",
                        CORRUPT))
                    .as("spark"),
                decoder(spark, schema).decoded(payload).as("ours"),
                is_valid_utf8(payload))
            .collectAsList();

    SoftAssertions softly = new SoftAssertions();
    int malformed = 0;
    for (Row row : rows) {
      Row theirs = row.getStruct(1);
      Row ours = row.isNullAt(2) ? null : schemaFields(row.getStruct(2), schema);
      if (!row.isNullAt(2)) {
        softly.assertThat(row.getStruct(2).getBoolean(schema.size()))
            .as("valid UTF-8: %s", row.get(0))
            .isEqualTo(row.getBoolean(3));
      }
      boolean sparkMalformed = malformed(theirs);
      softly.assertThat(malformed(ours)).as("malformed: %s", row.get(0)).isEqualTo(sparkMalformed);
      if (!sparkMalformed && !malformed(ours)) {
        softly.assertThat(ours).as("values of %s", row.get(0)).isEqualTo(theirs);
      }
      malformed += sparkMalformed ? 1 : 0;
    }
    softly.assertAll();
    assertThat(malformed).as("malformed payloads in the corpus").isBetween(1, rows.size() - 1);
  }

  /** The decoded row without the field the decoder adds, whether the payload is UTF-8. */
  private static Row schemaFields(Row decoded, StructType schema) {
    assertThat(decoded.schema().fieldNames()).endsWith(JsonPayloadDecoder.VALID_UTF8);
    Object[] values = new Object[schema.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = decoded.get(i);
    }
    return new GenericRowWithSchema(values, schema);
  }

  private static boolean malformed(Row parsed) {
    return parsed == null || !parsed.isNullAt(parsed.fieldIndex(CORRUPT));
  }

  private static JsonPayloadDecoder decoder(SparkSession spark, StructType schema) {
    return JsonPayloadDecoder.forSchema(schema, CORRUPT, spark.conf().get("spark.sql.session.timeZone"))
        .orElseThrow();
  }

  private static Dataset<Row> payloadColumn(SparkSession spark, List<byte[]> payloads) {
    List<Row> rows = new ArrayList<>();
    payloads.forEach(bytes -> rows.add(RowFactory.create((Object) bytes)));
    StructType binary = new StructType().add("bytes", DataTypes.BinaryType);
    return spark.createDataFrame(rows, binary).select(col("bytes").cast("string").as("payload"));
  }
}
