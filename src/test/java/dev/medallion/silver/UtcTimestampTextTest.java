package dev.medallion.silver;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.unsafe.types.UTF8String;
import org.junit.jupiter.api.Test;

/** The UTC timestamp reader against Spark's own timestamp parser, in a zone that is not UTC. */
class UtcTimestampTextTest {
  private static final ZoneId SESSION_ZONE = ZoneId.of("America/New_York");

  @Test
  void readsWhatSparkReadsFromUtcInstants() {
    SplittableRandom random = new SplittableRandom(5);
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < 5_000; i++) {
      String text =
          String.format(
              "%04d-%02d-%02dT%02d:%02d:%02d",
              1 + random.nextInt(9999),
              1 + random.nextInt(12),
              1 + random.nextInt(28),
              random.nextInt(24),
              random.nextInt(60),
              random.nextInt(60));
      int fraction = random.nextInt(7);
      if (fraction > 0) {
        text += "." + String.valueOf(random.nextLong(1_000_000_000L) + 1_000_000_000L).substring(1, 1 + fraction);
      }
      texts.add(text + "Z");
    }
    texts.addAll(List.of("2024-02-29T23:59:59.999999Z", "1970-01-01T00:00:00Z", "1969-12-31T23:59:59.5Z", "0001-01-01T00:00:00Z"));

    for (String text : texts) {
      assertThat(read(text)).as(text).isEqualTo(spark(text)).isNotEqualTo(UtcTimestampText.NOT_READ);
    }
  }

  @Test
  void leavesEveryOtherFormToSpark() {
    List<String> others =
        List.of(
            "2026-11-25T10:00:00",
            "2026-11-25 10:00:00Z",
            "2026-11-25T10:00:00.Z",
            "2026-11-25T10:00:00.1234567Z",
            "2026-11-25T10:00:00+00:00",
            "2026-11-25T10:00:00z",
            "2026-02-29T10:00:00Z",
            "2026-04-31T10:00:00Z",
            "2026-13-01T10:00:00Z",
            "2026-00-01T10:00:00Z",
            "2026-11-00T10:00:00Z",
            "2026-11-25T24:00:00Z",
            "2026-11-25T10:60:00Z",
            "2026-11-25T10:00:60Z",
            "2026-11-25T1a:00:00Z",
            "0000-01-01T00:00:00Z",
            "+2026-11-25T10:00:00Z",
            "2026-11-25T10:00:00,5Z",
            " 2026-11-25T10:00:00Z");
    for (String text : others) {
      assertThat(read(text)).as(text).isEqualTo(UtcTimestampText.NOT_READ);
    }
  }

  private static long read(String text) {
    byte[] bytes = ("[" + text + "]").getBytes(StandardCharsets.UTF_8);
    return UtcTimestampText.micros(bytes, 1, bytes.length - 2);
  }

  private static long spark(String text) {
    return JsonFieldKind.timestampOf(UTF8String.fromString(text), SESSION_ZONE);
  }
}
