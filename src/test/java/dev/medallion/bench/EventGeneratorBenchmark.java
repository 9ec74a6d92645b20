package dev.medallion.bench;

import dev.medallion.ingest.generator.EventGenerator;
import dev.medallion.ingest.generator.GeneratorOptions;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The event generator behind {@code produce}, {@code demo} and {@code bench}: records per second
 * one thread makes (JSON payload and key), so it never limits the producer rate it is used for.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class EventGeneratorBenchmark {
  private EventGenerator generator;

  @Setup
  public void setUp() {
    generator = new EventGenerator(new GeneratorOptions(Long.MAX_VALUE, 1_000, 0.05, 7, Instant.now()));
  }

  /** One generated record (5% dirty). */
  @Benchmark
  public int nextRecord() {
    return generator.next().value().length;
  }
}
