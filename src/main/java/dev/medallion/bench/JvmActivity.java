package dev.medallion.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * What the JVM spent beside a measured step: its wall time, the process's CPU time, and the CPU
 * time of the JIT's compiler threads and of the collector's threads in it. On two cores, the JIT
 * compiling code of an earlier step takes CPU the measured one needs, so a figure is read with
 * these beside it: the same step's records/s moved by half between benches as the compilers' load
 * during it moved (docs/performance.md). The threads' CPU time is read from {@code /proc} (Linux);
 * elsewhere it is unknown (-1).
 *
 * @param wallMillis the step's wall time
 * @param cpuMillis the process's CPU time during it, every thread
 * @param jitCpuMillis the JIT compiler threads' CPU time during it
 * @param gcCpuMillis the collector threads' CPU time during it
 */
record JvmActivity(long wallMillis, long cpuMillis, long jitCpuMillis, long gcCpuMillis) {
  /** Linux's clock ticks per second for a thread's CPU times ({@code USER_HZ}). */
  private static final long TICKS_PER_SECOND = 100;

  /** The counters at the start of a step. */
  static final class Start {
    private final Counters counters;
    private final Reading at;

    private Start(Counters counters) {
      this.counters = counters;
      this.at = counters.read();
    }

    /** What the JVM spent since this start. */
    JvmActivity since() {
      Reading now = counters.read();
      return new JvmActivity(
          (now.nanos() - at.nanos()) / 1_000_000,
          difference(now.cpuMillis(), at.cpuMillis()),
          difference(now.jitCpuMillis(), at.jitCpuMillis()),
          difference(now.gcCpuMillis(), at.gcCpuMillis()));
    }

    private static long difference(long now, long then) {
      return now < 0 || then < 0 ? -1 : now - then;
    }
  }

  /** The counters at one moment. */
  private record Reading(long nanos, long cpuMillis, long jitCpuMillis, long gcCpuMillis) {}

  /** Where the figures come from: a clock in nanoseconds and three CPU times in milliseconds. */
  record Counters(LongSupplier nanos, LongSupplier cpuMillis, LongSupplier jitCpuMillis, LongSupplier gcCpuMillis) {
    static Counters ofThisJvm() {
      return new Counters(
          System::nanoTime,
          JvmActivity::processCpuMillis,
          () -> threadsCpuMillis(name -> name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")),
          () -> threadsCpuMillis(name -> name.startsWith("GC Thread") || name.startsWith("G1 ")));
    }

    Start start() {
      return new Start(this);
    }

    private Reading read() {
      return new Reading(nanos.getAsLong(), cpuMillis.getAsLong(), jitCpuMillis.getAsLong(), gcCpuMillis.getAsLong());
    }
  }

  /** Starts measuring a step in this JVM. */
  static Start start() {
    return Counters.ofThisJvm().start();
  }

  /** A line's worth: {@code 30.8 s, CPU 58.1 s (JIT 20.3 s, GC 6.2 s)}. */
  String describe() {
    return String.format(
        "%s, CPU %s (JIT %s, GC %s)", seconds(wallMillis), seconds(cpuMillis), seconds(jitCpuMillis), seconds(gcCpuMillis));
  }

  private static String seconds(long millis) {
    return millis < 0 ? "-" : String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
  }

  private static long processCpuMillis() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      long nanos = os.getProcessCpuTime();
      return nanos < 0 ? -1 : nanos / 1_000_000;
    }
    return -1;
  }

  /**
   * The summed user and system CPU time of this process's threads whose name {@code named}
   * accepts, from {@code /proc/self/task/<tid>/stat}; -1 where there is no such file.
   */
  static long threadsCpuMillis(Predicate<String> named) {
    Path tasks = Path.of("/proc/self/task");
    if (!Files.isDirectory(tasks)) {
      return -1;
    }
    try (Stream<Path> threads = Files.list(tasks)) {
      long ticks = threads.mapToLong(thread -> ticksOf(thread.resolve("stat"), named)).sum();
      return ticks * 1000 / TICKS_PER_SECOND;
    } catch (IOException | UncheckedIOException e) {
      return -1;
    }
  }

  /** A thread's user and system ticks if its name matches; 0 if not, or if it ended meanwhile. */
  private static long ticksOf(Path stat, Predicate<String> named) {
    String line;
    try {
      line = Files.readString(stat);
    } catch (IOException ended) {
      return 0;
    }
    // "tid (name) state ppid ...": the name may hold spaces and parentheses, so split after the last ')'
    int open = line.indexOf('(');
    int close = line.lastIndexOf(')');
    if (open < 0 || close < open || !named.test(line.substring(open + 1, close))) {
      return 0;
    }
    String[] fields = line.substring(close + 2).split(" ");
    return Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime: fields 14 and 15
  }
}
