package dev.medallion.ingest.generator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TimestampTextTest {
  private static final DateTimeFormatter ISO_MILLIS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  @Test
  void writesMillisecondsAlways() {
    assertThat(TimestampText.format(Instant.parse("2026-11-25T10:00:00Z").toEpochMilli()))
        .isEqualTo("2026-11-25T10:00:00.000Z");
    assertThat(TimestampText.format(0)).isEqualTo("1970-01-01T00:00:00.000Z");
    assertThat(TimestampText.format(-1)).isEqualTo("1969-12-31T23:59:59.999Z");
    assertThat(TimestampText.format(Instant.parse("2028-02-29T23:59:59.999Z").toEpochMilli()))
        .isEqualTo("2028-02-29T23:59:59.999Z");
  }

  @Test
  void agreesWithDateTimeFormatter() {
    SplittableRandom random = new SplittableRandom(1);
    long first = Instant.parse("0001-01-01T00:00:00Z").toEpochMilli();
    long last = Instant.parse("9999-12-31T23:59:59.999Z").toEpochMilli();
    List<String> disagreements = new ArrayList<>();
    for (int i = 0; i < 200_000; i++) {
      long millis = random.nextLong(first, last + 1);
      String expected = ISO_MILLIS.format(Instant.ofEpochMilli(millis));
      if (!TimestampText.format(millis).equals(expected)) {
        disagreements.add(expected + " written as " + TimestampText.format(millis));
      }
    }
    assertThat(disagreements).isEmpty();
  }

  @Test
  void fallsBackToInstantOutsideFourDigitYears() {
    long farFuture = Instant.parse("+10000-01-01T00:00:00Z").toEpochMilli();

    assertThat(TimestampText.format(farFuture)).isEqualTo("+10000-01-01T00:00:00Z");
  }
}
