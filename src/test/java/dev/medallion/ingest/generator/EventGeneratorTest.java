package dev.medallion.ingest.generator;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class EventGeneratorTest {
  private static final Instant NOW = Instant.parse("2026-11-25T10:00:00.123Z");

  @Test
  void sameSeedAndNowGiveIdenticalBytes() {
    List<GeneratedRecord> first = generate(options(5_000, 0.3, 7));
    List<GeneratedRecord> second = generate(options(5_000, 0.3, 7));

    assertThat(first).hasSize(5_000).isEqualTo(second);
  }

  @Test
  void differentSeedsGiveDifferentRecords() {
    List<GeneratedRecord> first = generate(options(100, 0.3, 7));
    List<GeneratedRecord> second = generate(options(100, 0.3, 8));

    for (int i = 0; i < first.size(); i++) {
      assertThat(first.get(i).value()).isNotEqualTo(second.get(i).value());
    }
  }

  @Test
  void kindsFollowTheDirtyFraction() {
    int count = 20_000;
    double dirty = 0.3;
    Map<RecordKind, Integer> kinds = tally(generate(options(count, dirty, 11)));

    assertThat(kinds.get(RecordKind.CLEAN) / (double) count).isCloseTo(1 - dirty, within(0.02));
    double eachDirtyKind = count * dirty / 8;
    for (RecordKind kind : RecordKind.values()) {
      if (kind != RecordKind.CLEAN) {
        assertThat(kinds.getOrDefault(kind, 0).doubleValue())
            .as("count of %s", kind)
            .isBetween(eachDirtyKind * 0.75, eachDirtyKind * 1.25);
      }
    }
  }

  @Test
  void dirtyFractionZeroGivesOnlyCleanRecordsAndOneGivesNone() {
    assertThat(generate(options(2_000, 0, 3)))
        .extracting(GeneratedRecord::kind)
        .containsOnly(RecordKind.CLEAN);
    assertThat(generate(options(2_000, 1, 3)))
        .extracting(GeneratedRecord::kind)
        .doesNotContain(RecordKind.CLEAN)
        .contains(RecordKind.DUPLICATE, RecordKind.LATE, RecordKind.NOT_UTF8);
  }

  @Test
  void firstRecordIsNeverADuplicate() {
    for (long seed = 0; seed < 200; seed++) {
      assertThat(new EventGenerator(options(1, 1, seed)).next().kind())
          .isNotEqualTo(RecordKind.DUPLICATE);
    }
  }

  @Test
  void summaryCountsEveryKindMadeSoFar() {
    EventGenerator generator = new EventGenerator(options(3_000, 0.5, 5));
    List<GeneratedRecord> records = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      records.add(generator.next());
    }

    GenerationSummary<RecordKind> summary = generator.summary();

    assertThat(summary.total()).isEqualTo(1_000);
    tally(records)
        .forEach((kind, count) -> assertThat(summary.count(kind)).isEqualTo(count.longValue()));
    assertThat(
            summary.countWhere(RecordKind::isValid)
                + summary.countWhere(RecordKind::isQuarantined)
                + summary.count(RecordKind.DUPLICATE))
        .isEqualTo(1_000);
  }

  @Test
  void stopsAfterCountRecords() {
    EventGenerator generator = new EventGenerator(options(3, 0.2, 1));

    generator.next();
    generator.next();
    generator.next();

    assertThat(generator.hasNext()).isFalse();
    assertThatThrownBy(generator::next)
        .isInstanceOf(NoSuchElementException.class)
        .hasMessage("all 3 records were generated");
    assertThat(new EventGenerator(options(0, 0.2, 1)).hasNext()).isFalse();
  }

  @Test
  void clockGivesEachRecordItsOwnNow() {
    Supplier<Instant> first = advancingClock();
    Supplier<Instant> second = advancingClock();
    GeneratorOptions options = options(500, 0, 9);
    EventGenerator generator = new EventGenerator(options, first);
    EventGenerator twin = new EventGenerator(options, second);

    for (int i = 0; i < 500; i++) {
      GeneratedRecord record = generator.next();
      assertThat(record).isEqualTo(twin.next());
      Instant readAt = NOW.plusSeconds(i);
      Instant eventTime =
          Instant.parse(SilverRules.parse(record.value()).get("event_time").asText());
      assertThat(eventTime).isBetween(readAt.minusSeconds(5), readAt);
    }
  }

  @Test
  void valuesHaveNoLineBreaksAndKeysAreTenDigits() {
    List<GeneratedRecord> offending = new ArrayList<>();
    for (GeneratedRecord record : generate(options(20_000, 0.5, 13))) {
      String key = new String(record.key(), UTF_8);
      boolean keyFits =
          key.matches("[0-9]{10}") && Integer.parseInt(key) >= 1 && Integer.parseInt(key) <= 1_000;
      if (!keyFits || record.value().length == 0 || hasLineBreak(record.value())) {
        offending.add(record);
      }
    }
    assertThat(offending).isEmpty();
  }

  @Test
  void generatedRecordsCompareByContent() {
    GeneratedRecord record =
        new GeneratedRecord(new byte[] {'1'}, new byte[] {'{'}, RecordKind.CLEAN);

    assertThat(record)
        .isEqualTo(new GeneratedRecord(new byte[] {'1'}, new byte[] {'{'}, RecordKind.CLEAN))
        .hasSameHashCodeAs(
            new GeneratedRecord(new byte[] {'1'}, new byte[] {'{'}, RecordKind.CLEAN))
        .isNotEqualTo(new GeneratedRecord(new byte[] {'1'}, new byte[] {'{'}, RecordKind.LATE));
    assertThat(record.toString()).isEqualTo("GeneratedRecord[kind=CLEAN, key=1, value={]");
  }

  static GeneratorOptions options(long count, double dirty, long seed) {
    return new GeneratorOptions(count, 1_000, dirty, seed, NOW);
  }

  static List<GeneratedRecord> generate(GeneratorOptions options) {
    List<GeneratedRecord> records = new ArrayList<>();
    new EventGenerator(options).forEachRemaining(records::add);
    return records;
  }

  private static Map<RecordKind, Integer> tally(List<GeneratedRecord> records) {
    Map<RecordKind, Integer> kinds = new EnumMap<>(RecordKind.class);
    records.forEach(record -> kinds.merge(record.kind(), 1, Integer::sum));
    return kinds;
  }

  private static boolean hasLineBreak(byte[] value) {
    for (byte b : value) {
      if (b == '\n' || b == '\r') {
        return true;
      }
    }
    return false;
  }

  private static Supplier<Instant> advancingClock() {
    Instant[] next = {NOW};
    return () -> {
      Instant now = next[0];
      next[0] = now.plus(Duration.ofSeconds(1));
      return now;
    };
  }
}
