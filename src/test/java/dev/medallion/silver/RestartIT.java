package dev.medallion.silver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.medallion.ingest.generator.EventGenerator;
import dev.medallion.ingest.generator.GeneratorOptions;
import dev.medallion.ops.PipelineRunner;
import dev.medallion.ops.TableLocations;
import dev.medallion.quality.Accounting;
import dev.medallion.quality.AccountingCheck;
import dev.medallion.spec.PipelineSpec;
import dev.medallion.testing.MutableClock;
import dev.medallion.testing.SharedSpark;
import dev.medallion.testing.TestPipelines;
import dev.medallion.testing.TopicWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A pipeline stopped mid-stream and restarted ends with the same tables as one never stopped. */
class RestartIT {
  private static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");

  @TempDir Path uninterrupted;
  @TempDir Path interrupted;

  @Test
  void stoppingMidStreamAndResumingGivesTheSameTables() throws Exception {
    PipelineSpec spec = TestPipelines.seedOnFreshTopics(50);
    EventGenerator generator = new EventGenerator(new GeneratorOptions(600, 50, 0.3, 11, NOW));
    List<byte[]> values = new ArrayList<>();
    while (generator.hasNext()) {
      values.add(generator.next().value());
    }
    TopicWriter.write(spec.sources().get("events").topic(), 2, values);

    TestPipelines.runOnce(spec, uninterrupted, new MutableClock(NOW));

    TableLocations locations = TestPipelines.locations(interrupted, spec);
    try (PipelineRunner runner = TestPipelines.runner(spec, interrupted, new MutableClock(NOW))) {
      Thread running = new Thread(runner::runContinuously);
      running.start();
      await()
          .atMost(Duration.ofMinutes(3))
          .until(() -> silverBatches(locations) >= 2);
      runner.close();
      running.join(60_000);
    }
    assertThat(rows(locations, "silver.events").size()).isLessThan(rows(TestPipelines.locations(uninterrupted, spec), "silver.events").size());
    TestPipelines.runOnce(spec, interrupted, new MutableClock(NOW));

    TableLocations reference = TestPipelines.locations(uninterrupted, spec);
    for (String table : List.of("bronze.events", "silver.events", "silver.events_quarantine")) {
      assertThat(rows(locations, table)).as(table).isEqualTo(rows(reference, table));
    }
    Accounting resumed = new AccountingCheck(SharedSpark.session(), locations).of(spec.silver().get("events"));
    Accounting clean = new AccountingCheck(SharedSpark.session(), reference).of(spec.silver().get("events"));
    assertThat(resumed).isEqualTo(clean);
    assertThat(clean.holds()).isTrue();
    assertThat(clean.duplicates()).isPositive();
    assertThat(clean.quarantined()).isPositive();
  }

  private static long silverBatches(TableLocations locations) {
    String metrics = locations.table("ops.batch_metrics");
    if (!io.delta.tables.DeltaTable.isDeltaTable(SharedSpark.session(), metrics)) {
      return 0;
    }
    return SharedSpark.session().read().format("delta").load(metrics)
        .filter("table_name = 'silver.events'").count();
  }

  /** Every row of the table as text, sorted; processing times are equal under the fixed clock. */
  private static List<String> rows(TableLocations locations, String table) {
    return SharedSpark.session().read().format("delta").load(locations.table(table)).collectAsList().stream()
        .map(Row::toString)
        .sorted()
        .collect(Collectors.toList());
  }
}
