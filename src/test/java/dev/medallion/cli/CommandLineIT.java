package dev.medallion.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.medallion.testing.SharedSpark;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a user sees when a command is misused: one clear paragraph, a non-zero exit, no trace. */
class CommandLineIT {
  @TempDir Path home;

  @BeforeAll
  static void shareTheSession() {
    SharedSpark.session();
  }

  @Test
  void helpListsTheCommands() {
    Outcome outcome = run("--help");
    assertThat(outcome.exit).isZero();
    assertThat(outcome.out).contains("demo", "produce", "run", "sql", "status");
  }

  @Test
  void aMissingSpecFileIsNamedWithWhatToDo() {
    Outcome outcome = run("status", "--home", home.toString(), "--spec", home.resolve("nope.yaml").toString());
    assertThat(outcome.exit).isEqualTo(2);
    assertThat(outcome.err)
        .contains("medallion: error: cannot read spec file")
        .contains("nope.yaml")
        .contains("--spec")
        .doesNotContain("\tat ");
  }

  @Test
  void anInvalidSpecIsReportedWithFileLineAndPath() throws Exception {
    Path spec = home.resolve("bad.yaml");
    Files.writeString(
        spec,
        "pipeline: p\nsources:\n  events:\n    topic: t\n    max-ofsets-per-trigger: 5\nbronze:\n  events:\n    source: evnts\n");
    Outcome outcome = run("status", "--home", home.toString(), "--spec", spec.toString());
    assertThat(outcome.exit).isEqualTo(2);
    assertThat(outcome.err)
        .contains("bad.yaml:5 sources.events.max-ofsets-per-trigger: unknown key (did you mean 'max-offsets-per-trigger'?")
        .contains("bad.yaml:8 bronze.events.source:")
        .doesNotContain("\tat ");
  }

  @Test
  void anUnknownTableListsTheTablesThereAre() {
    Outcome outcome = run("sql", "--home", home.toString(), "SELECT * FROM silver.nope");
    assertThat(outcome.exit).isEqualTo(4);
    assertThat(outcome.err)
        .contains("silver`.`nope` cannot be found")
        .contains("Tables you can query: none yet")
        .doesNotContain("\tat ");
  }

  @Test
  void aKafkaAddressThatDoesNotAnswerFailsWithinSeconds() {
    long started = System.nanoTime();
    Outcome outcome = run("produce", "--home", home.toString(), "--bootstrap", "127.0.0.1:1", "--count", "1");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
    assertThat(outcome.exit).isEqualTo(3);
    assertThat(outcome.err).contains("127.0.0.1:1").doesNotContain("\tat ");
  }

  @Test
  void statusOfAnEmptyHomeShowsNoTablesAndAHoldingInvariant() {
    Outcome outcome = run("status", "--home", home.toString());
    assertThat(outcome.exit).isZero();
    assertThat(outcome.out)
        .contains("bronze.events")
        .contains("(none yet)")
        .contains("invariant silver.events: holds: bronze.events 0 = silver.events 0 + quarantine 0 + duplicates removed 0");
  }

  private record Outcome(int exit, String out, String err) {}

  private static synchronized Outcome run(String... args) {
    PrintStream originalOut = System.out;
    PrintStream originalErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int exit = Main.run(args);
      return new Outcome(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(originalOut);
      System.setErr(originalErr);
    }
  }
}
