package dev.medallion.exactlyonce;

import static org.assertj.core.api.Assertions.assertThat;

import dev.medallion.ops.CrashPoints;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code medallion run --once} in a JVM of its own, so a test can kill it as a power cut would:
 * at a {@link CrashPoints crash point} or with SIGKILL. Its output goes to a log file next to the
 * home folder, quoted in assertion messages.
 */
final class PipelineProcess {
  private static final Duration RUN_TIMEOUT = Duration.ofMinutes(5);
  private static final Pattern SPARK_FLAGS =
      Pattern.compile("<spark\\.jvm\\.flags>(.*)</spark\\.jvm\\.flags>");

  private final Process process;
  private final Path log;
  private final long startedNanos = System.nanoTime();

  private PipelineProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /** Starts a run over {@code home}; it halts at {@code crashAt} ({@code TABLE:POINT:BATCH}) if given. */
  static PipelineProcess start(Path home, Path spec, String bootstrap, Optional<String> crashAt) {
    return start(home, spec, bootstrap, crashAt, List.of("--once"));
  }

  /** Starts a continuous run over {@code home}: it runs until stopped. */
  static PipelineProcess startContinuous(Path home, Path spec, String bootstrap) {
    return start(home, spec, bootstrap, Optional.empty(), List.of());
  }

  private static PipelineProcess start(
      Path home, Path spec, String bootstrap, Optional<String> crashAt, List<String> runOptions) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(sparkJvmFlags());
    command.add("-Xmx2g");
    // a short run on a small machine: no C2 compiler threads competing for the cores
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-XX:+UseParallelGC");
    command.add("-Dmedallion.master=local[2]");
    crashAt.ifPresent(point -> command.add("-D" + CrashPoints.PROPERTY + "=" + point));
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.medallion.cli.Main"));
    command.add("run");
    command.addAll(runOptions);
    command.addAll(List.of("--home", home.toString(), "--spec", spec.toString(), "--bootstrap", bootstrap));
    try {
      Path log = Files.createTempFile(home.getParent(), home.getFileName() + "-", ".log");
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
      builder.redirectOutput(log.toFile());
      builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
      return new PipelineProcess(builder.start(), log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs to the end and asserts the run succeeded. */
  static void runToCompletion(Path home, Path spec, String bootstrap) {
    PipelineProcess run = start(home, spec, bootstrap, Optional.empty());
    assertThat(run.awaitExit()).as("exit status of a run without crash point%n%s", run.tail()).isZero();
  }

  /** Runs until the crash point halts the process, and asserts it did. */
  static void runUntilCrash(Path home, Path spec, String bootstrap, String crashAt) {
    PipelineProcess run = start(home, spec, bootstrap, Optional.of(crashAt));
    assertThat(run.awaitExit())
        .as("exit status of a run that must halt at %s%n%s", crashAt, run.tail())
        .isEqualTo(CrashPoints.HALT_STATUS);
    assertThat(run.output()).contains("crash point reached: " + crashAt);
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Sends the process SIGINT, as Ctrl-C in a terminal does, and returns its exit status. */
  int interrupt() {
    if (interruptIgnored()) {
      kill();
      throw new AssertionError(
          "SIGINT is ignored by this JVM, and so by the pipeline it starts: the tests were started"
              + " in the background by a shell without job control, which ignores it for them. Run"
              + " `mvn -B verify` in the foreground, or from a shell with job control (set -m)");
    }
    try {
      Process kill = new ProcessBuilder("sh", "-c", "kill -INT " + process.pid()).inheritIO().start();
      assertThat(kill.waitFor()).as("exit status of kill -INT").isZero();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while sending SIGINT", e);
    }
    return awaitExit();
  }

  /** Whether this process ignores SIGINT (Linux's {@code /proc/self/status}); false where unknown. */
  private static boolean interruptIgnored() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("SigIgn:")) {
          return (Long.parseUnsignedLong(line.substring("SigIgn:".length()).strip(), 16) & (1L << 1)) != 0;
        }
      }
    } catch (IOException | RuntimeException unknown) {
      // not Linux: the signal is sent and the exit status tells
    }
    return false;
  }

  /** Kills the process with SIGKILL (no shutdown hook runs) and returns its exit status. */
  int kill() {
    process.destroyForcibly();
    return awaitExit();
  }

  /** Waits for the process to end and returns its exit status; kills it after {@link #RUN_TIMEOUT}. */
  int awaitExit() {
    try {
      if (!process.waitFor(RUN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor();
        throw new AssertionError("the pipeline run took longer than " + RUN_TIMEOUT + "\n" + tail());
      }
      System.out.printf(
          "PipelineProcess: %s exited with %d after %.1f s%n",
          log.getFileName(), process.exitValue(), (System.nanoTime() - startedNanos) / 1e9);
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new AssertionError("interrupted while waiting for the pipeline run", e);
    }
  }

  /** Everything the process printed so far. */
  String output() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The first error the process logged (with the lines after it) and its last lines, with the
   * log's path, for assertion messages: a failure's cause often scrolls far above the lines of
   * the shutdown it brings.
   */
  String tail() {
    List<String> lines = Arrays.asList(output().split("\n"));
    int firstError = 0;
    while (firstError < lines.size() && !lines.get(firstError).contains(" ERROR ")) {
      firstError++;
    }
    String first =
        firstError == lines.size()
            ? ""
            : "--- first error in " + log + " ---\n"
                + String.join("\n", lines.subList(firstError, Math.min(lines.size(), firstError + 40)))
                + "\n";
    return first
        + "--- last lines of " + log + " ---\n"
        + String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
  }

  /** The flags Spark needs on Java 17, declared once in the pom's {@code spark.jvm.flags}. */
  private static List<String> sparkJvmFlags() {
    Path pom = Path.of(System.getProperty("basedir", System.getProperty("user.dir")), "pom.xml");
    try {
      Matcher flags = SPARK_FLAGS.matcher(Files.readString(pom, StandardCharsets.UTF_8));
      if (!flags.find()) {
        throw new IllegalStateException(pom + " declares no <spark.jvm.flags>");
      }
      return Arrays.asList(flags.group(1).trim().split("\\s+"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
