package dev.medallion.ingest.generator;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

/**
 * The seed's silver-layer rules, written independently of the generator: which rule, if any, a
 * record value breaks, named by the {@link RecordKind} meant to break it.
 */
final class SilverRules {
  static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  static final List<String> REQUIRED =
      List.of("event_id", "customer_id", "event_type", "event_time");

  private SilverRules() {}

  /** Returns the kind of the first rule {@code value} breaks, judged at {@code now}. */
  static Optional<RecordKind> violation(byte[] value, Instant now) {
    String text;
    try {
      text = strictUtf8(value);
    } catch (CharacterCodingException e) {
      return Optional.of(RecordKind.NOT_UTF8);
    }
    JsonNode event;
    try {
      event = JSON.readTree(text);
    } catch (IOException e) {
      return Optional.of(RecordKind.MALFORMED_JSON);
    }
    if (event == null || !event.isObject()) {
      return Optional.of(RecordKind.MALFORMED_JSON);
    }
    for (String field : REQUIRED) {
      if (!event.hasNonNull(field)) {
        return Optional.of(RecordKind.MISSING_FIELD);
      }
    }
    if (!event.get("customer_id").asText().replaceAll("[^0-9]", "").matches("[0-9]{10}")) {
      return Optional.of(RecordKind.BAD_CUSTOMER_ID);
    }
    Instant eventTime;
    try {
      eventTime = Instant.parse(event.get("event_time").asText());
    } catch (DateTimeParseException e) {
      return Optional.of(RecordKind.MALFORMED_JSON);
    }
    if (eventTime.isAfter(now)) {
      return Optional.of(RecordKind.FUTURE_TIME);
    }
    if (eventTime.isBefore(now.minus(Duration.ofDays(30)))) {
      return Optional.of(RecordKind.TOO_OLD);
    }
    return Optional.empty();
  }

  static String strictUtf8(byte[] value) throws CharacterCodingException {
    return StandardCharsets.UTF_8
        .newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT)
        .decode(ByteBuffer.wrap(value))
        .toString();
  }

  static JsonNode parse(byte[] value) {
    try {
      return JSON.readTree(strictUtf8(value));
    } catch (IOException e) {
      throw new AssertionError("not a JSON event: " + new String(value, StandardCharsets.UTF_8), e);
    }
  }
}
