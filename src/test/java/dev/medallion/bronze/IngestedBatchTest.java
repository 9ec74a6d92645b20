package dev.medallion.bronze;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class IngestedBatchTest {
  private static final Instant STARTED = Instant.parse("2026-11-20T12:00:00.123Z");

  @Test
  void aBatchReadsBackFromItsCommitsMetadata() {
    IngestedBatch batch =
        new IngestedBatch(
            42, STARTED, Optional.of(Instant.parse("2026-11-20T11:59:58Z")), Optional.of(Instant.parse("2026-11-20T11:59:59.5Z")));

    assertThat(IngestedBatch.fromJson(batch.toJson("ingest"), "ingest")).contains(batch);
  }

  @Test
  void aBatchWithoutKafkaTimestampsKeepsThemEmpty() {
    IngestedBatch batch = new IngestedBatch(3, STARTED, Optional.empty(), Optional.empty());

    assertThat(batch.toJson("ingest")).isEqualTo("{\"ingest\":{\"rows\":3,\"started_at\":" + STARTED.toEpochMilli() + "}}");
    assertThat(IngestedBatch.fromJson(batch.toJson("ingest"), "ingest")).contains(batch);
  }

  @Test
  void metadataOfOtherWritersIsNotABatch() {
    assertThat(IngestedBatch.fromJson("{\"attributed_by\":{\"gold.dim_customer\":12}}", "ingest")).isEmpty();
    assertThat(IngestedBatch.fromJson("{\"ingest\":{\"rows\":3}}", "ingest")).isEmpty();
    assertThat(IngestedBatch.fromJson("not json", "ingest")).isEmpty();
  }
}
