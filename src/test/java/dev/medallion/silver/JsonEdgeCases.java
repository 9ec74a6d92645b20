package dev.medallion.silver;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Payloads at the edges of what the decoder reads, for {@link JsonPayloadDecoderIT} to compare with
 * Spark's {@code from_json}: timestamps, whitespace, comments, escapes, numbers, skipped values,
 * maps, repeated fields, other encodings, bytes that are not UTF-8, and a null payload.
 */
final class JsonEdgeCases {
  private static final List<String> TEXTS =
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

  private JsonEdgeCases() {}

  /** Every edge case as payload bytes; one is null. */
  static List<byte[]> payloads() {
    List<byte[]> payloads = new ArrayList<>();
    TEXTS.forEach(text -> payloads.add(text.getBytes(StandardCharsets.UTF_8)));
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
    return payloads;
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
}
