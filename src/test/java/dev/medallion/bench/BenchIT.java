package dev.medallion.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.medallion.cli.PipelineAssembly;
import dev.medallion.quality.SparkSqlChecker;
import dev.medallion.spec.PipelineSpec;
import dev.medallion.spec.SpecLoader;
import dev.medallion.testing.SharedSpark;
import dev.medallion.testing.TestPipelines;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tiny bench end to end on the shared broker and session: every figure the issue names is in the
 * JSON, measured from the run (the once-runs read every produced event, every silver event gets a
 * gold latency), and the table is printed. No figure is compared with a speed: benchmarks are not
 * tests.
 */
class BenchIT {
  private static final long EVENTS = 3_000;

  @TempDir Path root;

  @Test
  void measuresEveryLayerAndTheSeedBaselineAndWritesTheIssueKeys() throws Exception {
    SparkSession spark = SharedSpark.session();
    PipelineSpec spec = SpecLoader.loadDefault(new SparkSqlChecker());
    var kafka = TestPipelines.kafka();
    PipelineRunners runners =
        (scenario, metrics) ->
            PipelineAssembly.runner(
                spark, scenario.spec(), kafka, scenario.locations(), metrics, Clock.systemUTC());
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    Path json = root.resolve("bench.json");
    BenchSettings settings =
        new BenchSettings(EVENTS, 500, Duration.ofSeconds(4), Duration.ofSeconds(90), true, false);

    new Bench(spark, kafka, spec, runners, new PrintStream(printed, true, StandardCharsets.UTF_8))
        .run(settings, root.resolve("bench"), Optional.of(json));

    JsonNode figures = new ObjectMapper().readTree(json.toFile());
    assertThat(figures.get("cores").asInt()).isEqualTo(Runtime.getRuntime().availableProcessors());
    assertThat(figures.get("events").asLong()).isEqualTo(EVENTS);
    for (String rate : new String[] {"ceiling_eps", "bronze_eps", "silver_eps", "gold_eps"}) {
      assertThat(figures.get(rate).asDouble()).as(rate).isPositive();
      assertThat(figures.get("baseline").get(rate) == null || figures.get("baseline").get(rate).asDouble() > 0)
          .as("baseline " + rate)
          .isTrue();
    }
    for (String firstPass : new String[] {"ceiling_first_pass_eps", "bronze_first_pass_eps", "silver_first_pass_eps", "gold_first_pass_eps"}) {
      assertThat(figures.get(firstPass).asDouble()).as(firstPass).isPositive();
    }
    assertThat(figures.get("merge_ms_median").asDouble()).isPositive();
    JsonNode atTarget = figures.get("merge_ms_target_batch");
    assertThat(atTarget.get("events_per_batch").asLong()).isEqualTo(EVENTS / 5);
    assertThat(atTarget.get("batches").asInt()).as("batches of new events").isBetween(3, 4);
    assertThat(atTarget.get("rows_per_batch").asDouble()).isPositive().isLessThanOrEqualTo(EVENTS / 5);
    assertThat(atTarget.get("median").asDouble()).isPositive();
    assertThat(figures.get("baseline").get("gold_eps").asDouble()).isPositive();
    JsonNode latency = figures.get("latency_ms");
    for (String layer : new String[] {"bronze", "silver", "gold"}) {
      JsonNode percentiles = latency.get(layer);
      assertThat(percentiles.get("p50").asDouble()).as(layer).isPositive();
      assertThat(percentiles.get("p99").asDouble()).as(layer).isGreaterThanOrEqualTo(percentiles.get("p50").asDouble());
    }
    long silverEvents = latency.get("silver").get("events").asLong();
    assertThat(latency.get("bronze").get("events").asLong()).isPositive();
    assertThat(latency.get("gold").get("events").asLong()).isEqualTo(silverEvents);
    assertThat(figures.get("lag_bounded").isBoolean()).isTrue();
    JsonNode jvm = figures.get("jvm");
    assertThat(jvm.fieldNames()).toIterable().containsExactly("ceiling", "first_pass", "once", "sustained");
    for (JsonNode step : jvm) {
      long cpu = step.get("cpu_ms").asLong();
      assertThat(step.get("wall_ms").asLong()).isPositive();
      assertThat(cpu).isPositive();
      assertThat(step.get("jit_cpu_ms").asLong()).isNotNegative().isLessThanOrEqualTo(cpu);
      assertThat(step.get("gc_cpu_ms").asLong()).isNotNegative().isLessThanOrEqualTo(cpu);
    }
    assertThat(jvm.get("sustained").get("wall_ms").asLong()).isGreaterThanOrEqualTo(settings.duration().toMillis());
    assertThat(jvm.get("first_pass").get("jit_cpu_ms").asLong()).as("the pipeline's code compiled on its first pass").isPositive();
    assertThat(printed.toString(StandardCharsets.UTF_8))
        .contains("kafka -> bronze", "bronze -> silver", "silver -> gold", "first passes (cold JVM)", "bench [7/7] report",
            "the JVM during our steps", "sustained ");
  }
}
