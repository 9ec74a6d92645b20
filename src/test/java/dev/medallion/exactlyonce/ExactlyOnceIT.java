package dev.medallion.exactlyonce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.medallion.quality.SparkSqlChecker;
import dev.medallion.spec.PipelineSpec;
import dev.medallion.spec.SpecLoader;
import dev.medallion.testing.SharedKafka;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly-once end to end: the pipeline, a process of its own, is killed hard (SIGKILL, or a halt
 * at a crash point, as a power cut) between a dimension MERGE and its metrics (the facts still
 * under the members' old attributes, which the events flow moves later), during a bronze write, between a silver commit and the gold MERGE of the same flow batch, and
 * between the two fact MERGEs of one batch (bronze and silver then replayed from their tables); restarted after each, it must leave gold identical to an uninterrupted
 * run over the same input. And gold must add up to what the input says, computed without the
 * pipeline.
 *
 * <p>The input comes in two phases (see {@link TwoPhaseFeed}). Phase one is run once, into a home
 * folder the uninterrupted run and the crashed one start from copies of; the crashes happen in
 * phase two, on tables holding data already, where a replayed MERGE would double counts. They are
 * chained in one home, each restart recovering from the previous crash before reaching the next
 * (in data-flow order), which keeps the number of Spark processes, and the test's time, down.
 */
class ExactlyOnceIT {
  private static final long SEED = 20_260_417;

  @TempDir static Path work;

  private static String bootstrap;
  private static TwoPhaseFeed feed;
  private static Path specFile;
  private static PipelineSpec spec;
  private static Path afterFirstPhase;
  private static GoldContents uninterrupted;

  @BeforeAll
  static void runBothPhasesUninterrupted() {
    bootstrap = SharedKafka.bootstrap();
    feed = new TwoPhaseFeed(bootstrap, SEED);
    specFile = feed.writeSpec(work);
    spec = SpecLoader.load(specFile, new SparkSqlChecker());
    afterFirstPhase = work.resolve("first-phase");
    feed.publishFirstPhase();
    PipelineProcess.runToCompletion(afterFirstPhase, specFile, bootstrap);
    feed.publishSecondPhase();
    Path home = copyOfFirstPhase("uninterrupted");
    PipelineProcess.runToCompletion(home, specFile, bootstrap);
    uninterrupted = new GoldContents(spec, home);
  }

  @Test
  void restartsAfterHardKillsAtEveryStageLeaveTheGoldOfAnUninterruptedRun() {
    // `run --once` runs the customers flow (it feeds the dimension) before the events flow; the
    // crashes follow that order, each restart replaying the batch the previous run broke off
    Path home = copyOfFirstPhase("crashed");
    long dimensionBatch = nextBatch(home, "flows/customers");
    long eventsBatch = nextBatch(home, "flows/events");
    GoldContents before = new GoldContents(spec, afterFirstPhase);
    GoldContents torn = new GoldContents(spec, home);

    // the dimension commits the late members; their facts move with the events flow's next batch
    PipelineProcess.runUntilCrash(
        home, specFile, bootstrap, "gold.dim_customer:after-merge:" + dimensionBatch);
    assertThat(torn.table("gold.dim_customer").filter("is_current").count())
        .as("members in the dimension").isEqualTo(TwoPhaseFeed.CUSTOMERS);
    assertThat(torn.table("gold.fact_customer_metrics").filter("customer_tier = 'UNKNOWN'").count())
        .as("facts still under the unknown member").isPositive();
    assertThat(nextBatch(home, "flows/customers")).as("the customers flow's checkpoint has not").isEqualTo(dimensionBatch);

    // restarted: the customers batch is replayed, then the events flow is killed writing bronze
    killDuringTheFirstBronzeWrite(home);

    // restarted: bronze is written again and silver committed; gold has not seen the batch
    PipelineProcess.runUntilCrash(home, specFile, bootstrap, "silver.events:after-commit:" + eventsBatch);
    assertThat(torn.count("silver.events")).as("silver committed").isGreaterThan(before.count("silver.events"));
    assertThat(nextBatch(home, "flows/events")).as("the events flow's checkpoint has not").isEqualTo(eventsBatch);
    assertThat(torn.sumOfLongs("gold.fact_events", "event_count"))
        .as("gold has not either")
        .isEqualTo(before.sumOfLongs("gold.fact_events", "event_count"));

    // restarted: bronze and silver are committed (the batch's bronze rows are read back from the
    // table), the replayed batch merges fact_events, not fact_customer_metrics
    PipelineProcess.runUntilCrash(
        home, specFile, bootstrap, "gold.from_events:after-merge-fact_events:" + eventsBatch);
    assertThat(torn.sumOfLongs("gold.fact_events", "event_count"))
        .as("fact_events has the batch")
        .isGreaterThan(before.sumOfLongs("gold.fact_events", "event_count"));
    assertThat(torn.sumOfLongs("gold.fact_customer_metrics", "event_count"))
        .as("fact_customer_metrics has not")
        .isEqualTo(before.sumOfLongs("gold.fact_customer_metrics", "event_count"));

    PipelineProcess.runToCompletion(home, specFile, bootstrap);
    assertSameAsUninterrupted(home);
  }

  @Test
  void aRunStoppedByCtrlCStopsCleanlyAndTheNextRunCompletesTheSameGold() {
    Path home = copyOfFirstPhase("ctrl-c");
    long eventsBatch = nextBatch(home, "flows/events");
    PipelineProcess run = PipelineProcess.startContinuous(home, specFile, bootstrap);
    await()
        .atMost(Duration.ofMinutes(4))
        .pollInterval(Duration.ofMillis(100))
        .ignoreExceptions()
        .until(() -> !run.isAlive() || nextBatch(home, "flows/events") > eventsBatch);
    assertThat(run.isAlive()).as("the continuous run must still be running%n%s", run.tail()).isTrue();

    assertThat(run.interrupt()).as("exit status after SIGINT%n%s", run.tail()).isEqualTo(130);
    assertThat(run.output())
        .as("what the run printed when stopped")
        .doesNotContain("Exception")
        .doesNotContain("This is a bug in Medallion")
        .doesNotContain(" ERROR ");

    PipelineProcess.runToCompletion(home, specFile, bootstrap);
    assertSameAsUninterrupted(home);
  }

  /** SIGKILL as soon as the first data file of bronze.events' batch appears, before its commit. */
  private static void killDuringTheFirstBronzeWrite(Path home) {
    long bronzeBatch = nextBatch(home, "flows/events");
    Set<Path> before = bronzeDataFiles(home);
    PipelineProcess run = PipelineProcess.start(home, specFile, bootstrap, Optional.empty());
    await()
        .atMost(Duration.ofMinutes(4))
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(10))
        .ignoreExceptions()
        .until(() -> !run.isAlive() || !newFiles(home, before).isEmpty());
    assertThat(run.isAlive()).as("the run must still be writing bronze%n%s", run.tail()).isTrue();
    assertThat(run.kill()).as("exit status after SIGKILL").isNotZero();
    assertThat(nextBatch(home, "flows/events")).as("bronze's checkpoint has not seen the batch").isEqualTo(bronzeBatch);
    Set<Path> written = newFiles(home, before);
    Set<String> committed = Set.of(new GoldContents(spec, home).table("bronze.events").inputFiles());
    long orphans =
        written.stream()
            .filter(file -> committed.stream().noneMatch(c -> c.endsWith(file.getFileName().toString())))
            .count();
    System.out.printf(
        "ExactlyOnceIT: killed with %d new bronze data file(s), %d of them not committed%n",
        written.size(), orphans);
  }

  @Test
  void firstPhaseAttributesTheFactsOfMembersNotCreatedYetToTheUnknownTier() {
    GoldContents first = new GoldContents(spec, afterFirstPhase);
    Set<Integer> unknown =
        first.table("gold.fact_customer_metrics").filter("customer_tier = 'UNKNOWN'")
            .select("customer_id").distinct().collectAsList().stream()
            .map(row -> Integer.parseInt(row.getString(0)))
            .collect(Collectors.toSet());
    assertThat(unknown).isNotEmpty().allMatch(customer -> customer > TwoPhaseFeed.EARLY_CUSTOMERS);
  }

  @Test
  void goldAddsUpToTheValidDeduplicatedEventsOfTheInput() {
    ExpectedGold expected = new ExpectedGold(feed.events(), feed.customers());
    SoftAssertions softly = new SoftAssertions();
    softly.assertThat(uninterrupted.count("silver.events")).as("silver.events").isEqualTo(expected.events().size());
    softly.assertThat(uninterrupted.sumOfLongs("gold.fact_events", "event_count"))
        .as("sum(event_count) of gold.fact_events").isEqualTo(expected.events().size());
    softly.assertThat(uninterrupted.sumOfLongs("gold.fact_customer_metrics", "event_count"))
        .as("sum(event_count) of gold.fact_customer_metrics").isEqualTo(expected.events().size());
    softly.assertThat(uninterrupted.sumOfLongs("gold.fact_customer_metrics", "purchase_count"))
        .as("sum(purchase_count)").isEqualTo(expected.purchaseCount());
    softly.assertThat(uninterrupted.sumOfDecimals("gold.fact_customer_metrics", "total_revenue"))
        .as("sum(total_revenue)").isEqualByComparingTo(expected.revenue());
    GoldComparison.assertSameRows(softly, "gold.fact_events per grain", uninterrupted.factEvents(), expected.factEvents());
    GoldComparison.assertSameRows(
        softly, "gold.fact_customer_metrics per grain", uninterrupted.factCustomerMetrics(), expected.factCustomerMetrics());

    List<String> dimension = uninterrupted.dimCustomer();
    softly.assertThat(dimension.stream().filter(row -> row.endsWith("|true")).map(row -> row.split("\\|")[0]))
        .as("one current row per customer created").containsExactlyElementsOf(expected.customers());
    softly.assertThat(GoldComparison.overlappingVersions(dimension)).as("overlapping [start_date, end_date) intervals").isEmpty();
    GoldComparison.assertSameRows(softly, "gold.dim_customer", dimension, expected.dimCustomer());
    softly.assertAll();
  }

  private static void assertSameAsUninterrupted(Path home) {
    GoldComparison.assertSameAs(spec, new GoldContents(spec, home), uninterrupted);
  }

  /** A copy of the home folder phase one left, tables and checkpoints. */
  private static Path copyOfFirstPhase(String name) {
    Path copy = work.resolve(name);
    try (Stream<Path> files = Files.walk(afterFirstPhase)) {
      for (Path source : files.toList()) {
        Path target = copy.resolve(afterFirstPhase.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return copy;
  }

  /** The id of the next micro-batch of a stream: one past the last its checkpoint committed. */
  private static long nextBatch(Path home, String stream) {
    Path commits = home.resolve("checkpoints").resolve(stream).resolve("commits");
    if (!Files.isDirectory(commits)) {
      return 0;
    }
    try (Stream<Path> files = Files.list(commits)) {
      return files.map(f -> f.getFileName().toString()).filter(n -> n.matches("[0-9]+"))
          .mapToLong(Long::parseLong).max().orElse(-1) + 1;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Set<Path> bronzeDataFiles(Path home) {
    Path table = home.resolve("tables").resolve("bronze").resolve("events");
    if (!Files.isDirectory(table)) {
      return Set.of();
    }
    try (Stream<Path> files = Files.walk(table)) {
      return files
          .filter(f -> !f.toString().contains("_delta_log"))
          .filter(f -> f.getFileName().toString().endsWith(".parquet") && !f.getFileName().toString().startsWith("."))
          .collect(Collectors.toCollection(HashSet::new));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Set<Path> newFiles(Path home, Set<Path> before) {
    Set<Path> now = bronzeDataFiles(home);
    now.removeAll(before);
    return now;
  }
}
