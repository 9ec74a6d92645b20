package dev.medallion.silver;

import dev.medallion.bronze.BronzeSchema;
import dev.medallion.ingest.generator.EventGenerator;
import dev.medallion.ingest.generator.GeneratorOptions;
import dev.medallion.ops.BatchIdentity;
import dev.medallion.ops.LocalFolders;
import dev.medallion.ops.MedallionHome;
import dev.medallion.ops.PipelineMetrics;
import dev.medallion.ops.SparkSessions;
import dev.medallion.ops.TableLocations;
import dev.medallion.quality.SparkSqlChecker;
import dev.medallion.spec.BronzeColumns;
import dev.medallion.spec.SilverTableSpec;
import dev.medallion.spec.SpecLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Silver's whole step for one micro-batch on one core ({@link SilverWriter#write}): bronze's
 * Parquet read, classifying, the batch's summary, deduplication, and the appends to silver and
 * quarantine with their commits, for a batch of the seed's events (5% dirty) read from a bronze
 * Delta table. Each invocation is the next batch of one flow: new events, appended to the same
 * silver table, deduplicated against every earlier batch's keys. Where {@code SilverClassifyBenchmark} times
 * the rows' code alone, this shows what the writes and Spark's jobs add. Scores are bronze rows
 * per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 10)
@Measurement(iterations = 4, time = 10)
public class SilverWriteBenchmark {
  static final int ROWS = 200_000;
  private static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");

  private SparkSession spark;
  private Path home;
  private TableLocations locations;
  private SilverTableSpec table;
  private Dataset<Row> bronze;
  private SilverWriter writer;
  private long batch;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    home = Files.createTempDirectory("medallion-jmh-");
    spark = SparkSessions.local(new MedallionHome(home), "local[1]");
    table = SpecLoader.loadDefault(new SparkSqlChecker()).silver().get("events");
    locations = new TableLocations(home.resolve("tables").toString(), home.resolve("checkpoints").toString());
    nextBronzeBatch();
    PipelineMetrics metrics = new PipelineMetrics(locations);
    metrics.createTable(spark);
    writer = new SilverWriter(spark, table, locations, metrics, Clock.fixed(NOW.plusSeconds(5), ZoneOffset.UTC));
    writer.createTables();
  }

  /**
   * The next batch's bronze rows, new events (their own ids) at the next offsets, in a bronze table
   * of their own, so silver's key index holds every earlier batch's keys, as in a running flow.
   */
  @Setup(Level.Invocation)
  public void nextBronzeBatch() throws Exception {
    EventGenerator generator = new EventGenerator(new GeneratorOptions(ROWS, 20_000, 0.05, batch, NOW));
    List<Row> rows = new ArrayList<>(ROWS);
    long offset = batch * ROWS;
    while (generator.hasNext()) {
      byte[] value = generator.next().value();
      rows.add(
          RowFactory.create(
              new String(value, StandardCharsets.UTF_8), null, "events.raw.v1", (int) (offset % 2), offset++,
              Timestamp.from(NOW), "kafka", Timestamp.from(NOW), Date.valueOf("2026-12-04")));
    }
    String location = locations.table(table.from());
    LocalFolders.delete(Path.of(location));
    spark
        .createDataFrame(rows, BronzeSchema.SCHEMA)
        .repartition(1)
        .write()
        .format("delta")
        .partitionBy(BronzeColumns.INGESTION_DATE)
        .save(location);
    bronze = spark.read().format("delta").load(location);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    spark.stop();
    LocalFolders.delete(home);
  }

  /** One batch of bronze rows into silver and quarantine: the rows written to silver. */
  @Benchmark
  @OperationsPerInvocation(ROWS)
  public long write() {
    try (SilverWriter.Written written = writer.write(bronze, new BatchIdentity("jmh", batch++))) {
      return written.count();
    }
  }
}
