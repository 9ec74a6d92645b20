package dev.medallion.ingest.generator;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Each kind breaks exactly the silver rule it is named for, and valid kinds break none. */
class GeneratedEventRulesTest {
  private static final Instant NOW = Instant.parse("2026-11-25T10:00:00.123Z");
  private static final Set<String> EVENT_TYPES =
      Set.of("PURCHASE", "PAGE_VIEW", "ADD_TO_CART", "LOGIN", "SEARCH");
  private static final List<GeneratedRecord> RECORDS =
      EventGeneratorTest.generate(new GeneratorOptions(20_000, 1_000, 0.4, 21, NOW));

  @Test
  void everyRecordBreaksExactlyTheRuleOfItsKind() {
    for (GeneratedRecord record : RECORDS) {
      Optional<RecordKind> violation = SilverRules.violation(record.value(), NOW);
      if (record.kind().isQuarantined()) {
        assertThat(violation).as("%s", record).contains(record.kind());
      } else {
        assertThat(violation).as("%s", record).isEmpty();
      }
    }
  }

  @Test
  void validEventsFollowTheSchema() {
    for (GeneratedRecord record : RECORDS) {
      if (!record.kind().isValid()) {
        continue;
      }
      JsonNode event = SilverRules.parse(record.value());
      assertThat(event.get("event_id").asText())
          .matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
      String digits = event.get("customer_id").asText().replaceAll("[^0-9]", "");
      assertThat(digits).isEqualTo(new String(record.key(), UTF_8));
      assertThat(event.get("event_type").asText().toUpperCase()).isIn(EVENT_TYPES);
      assertThat(event.get("event_time").asText())
          .matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");
      Instant eventTime = Instant.parse(event.get("event_time").asText());
      Duration age = Duration.between(eventTime, NOW);
      if (record.kind() == RecordKind.CLEAN) {
        assertThat(age).isBetween(Duration.ofMillis(1), Duration.ofSeconds(5));
      } else {
        assertThat(age).isBetween(Duration.ofMinutes(10), Duration.ofDays(29));
      }
      JsonNode properties = event.get("properties");
      assertThat(properties.isObject()).isTrue();
      properties.forEach(property -> assertThat(property.isTextual()).isTrue());
    }
  }

  @Test
  void purchasesCarryAnAmountBetweenOneAndFiveHundred() {
    int purchases = 0;
    for (GeneratedRecord record : RECORDS) {
      if (!record.kind().isValid()) {
        continue;
      }
      JsonNode event = SilverRules.parse(record.value());
      if (event.get("event_type").asText().equalsIgnoreCase("PURCHASE")) {
        purchases++;
        String amount = event.get("properties").get("amount").asText();
        assertThat(amount).matches("\\d{1,3}\\.\\d{2}");
        assertThat(new BigDecimal(amount))
            .isBetween(new BigDecimal("1.00"), new BigDecimal("500.00"));
        if (event.get("properties").has("currency")) {
          assertThat(event.get("properties").get("currency").asText()).isEqualTo("EUR");
        }
      }
    }
    assertThat(purchases).isGreaterThan(500);
  }

  @Test
  void someCleanEventsSpellIdsAndTypesTheWayThePipelineNormalizes() {
    long formattedIds = 0;
    long lowerOrMixedTypes = 0;
    long clean = 0;
    for (GeneratedRecord record : RECORDS) {
      if (record.kind() == RecordKind.CLEAN) {
        clean++;
        JsonNode event = SilverRules.parse(record.value());
        formattedIds += event.get("customer_id").asText().matches("[0-9]{10}") ? 0 : 1;
        String type = event.get("event_type").asText();
        lowerOrMixedTypes += type.equals(type.toUpperCase()) ? 0 : 1;
      }
    }
    assertThat(formattedIds / (double) clean).isBetween(0.07, 0.13);
    assertThat(lowerOrMixedTypes / (double) clean).isBetween(0.11, 0.19);
  }

  @Test
  void eventIdsAreUniqueExceptInDuplicates() {
    Set<String> ids = new HashSet<>();
    for (GeneratedRecord record : RECORDS) {
      if (record.kind().isValid()) {
        assertThat(ids.add(SilverRules.parse(record.value()).get("event_id").asText())).isTrue();
      }
    }
  }

  @Test
  void duplicatesCopyAnEarlierValidRecordSometimesFromLongAgo() {
    Map<ByteBuffer, Integer> validPositions = new HashMap<>();
    int duplicates = 0;
    int fromLongAgo = 0;
    for (int position = 0; position < RECORDS.size(); position++) {
      GeneratedRecord record = RECORDS.get(position);
      ByteBuffer value = ByteBuffer.wrap(record.value());
      if (record.kind().isValid()) {
        validPositions.putIfAbsent(value, position);
      } else if (record.kind() == RecordKind.DUPLICATE) {
        duplicates++;
        assertThat(validPositions).as("%s", record).containsKey(value);
        GeneratedRecord original = RECORDS.get(validPositions.get(value));
        assertThat(record.key()).isEqualTo(original.key());
        assertThat(record.value()).isNotSameAs(original.value());
        if (position - validPositions.get(value) > 2 * DuplicatePool.RECENT) {
          fromLongAgo++;
        }
      }
    }
    assertThat(duplicates).isGreaterThan(800);
    assertThat(fromLongAgo).isGreaterThan(duplicates / 10);
  }

  @Test
  void notUtf8ValuesFailAStrictDecoder() {
    for (GeneratedRecord record : RECORDS) {
      if (record.kind() == RecordKind.NOT_UTF8) {
        assertThatThrownBy(() -> SilverRules.strictUtf8(record.value()))
            .isInstanceOf(CharacterCodingException.class);
      }
    }
  }

  @Test
  void missingFieldLacksExactlyOneRequiredFieldAbsentOrNull() {
    int absent = 0;
    int explicitNull = 0;
    for (GeneratedRecord record : RECORDS) {
      if (record.kind() != RecordKind.MISSING_FIELD) {
        continue;
      }
      JsonNode event = SilverRules.parse(record.value());
      List<String> lacking =
          SilverRules.REQUIRED.stream().filter(field -> !event.hasNonNull(field)).toList();
      assertThat(lacking).as("%s", record).hasSize(1);
      if (event.has(lacking.get(0))) {
        explicitNull++;
      } else {
        absent++;
      }
    }
    assertThat(absent).isPositive();
    assertThat(explicitNull).isPositive();
  }

  @Test
  void timeKindsLieInTheirRanges() {
    for (GeneratedRecord record : RECORDS) {
      if (record.kind() != RecordKind.FUTURE_TIME && record.kind() != RecordKind.TOO_OLD) {
        continue;
      }
      Instant eventTime =
          Instant.parse(SilverRules.parse(record.value()).get("event_time").asText());
      if (record.kind() == RecordKind.FUTURE_TIME) {
        assertThat(eventTime)
            .isBetween(NOW.plus(Duration.ofHours(1)), NOW.plus(Duration.ofDays(2)));
      } else {
        assertThat(eventTime)
            .isBetween(NOW.minus(Duration.ofDays(90)), NOW.minus(Duration.ofDays(31)));
      }
    }
  }
}
