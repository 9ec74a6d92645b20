package dev.medallion.ops;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.actions.Metadata;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
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
import scala.Option;

/**
 * A gold rewrite's files written from the driver ({@link DriverFileWriter}): 120 partitions (five
 * tiers by 24 dates, as the seed's {@code fact_customer_metrics} spreads a batch) of a dozen rows
 * each, the table's own columns. A file's cost besides its rows (creating it, the writer's set-up,
 * the footer) is what the score shows. Scores are files per second, on one thread, written to a
 * tmpfs where there is one.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
public class DriverFilesBenchmark {
  static final int FILES = 120;
  private static final int ROWS_PER_FILE = 12;
  private static final List<String> TIERS = List.of("BRONZE", "SILVER", "GOLD", "PLATINUM", "UNKNOWN");

  private SparkSession spark;
  private Path home;
  private String location;
  private Metadata metadata;
  private StructType schema;
  private List<Row> rows;
  private DriverFileWriter writer;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    // in memory where the machine has a tmpfs: the disk's writeback of a hundred thousand small
    // files made scores swing by half from run to run, hiding the per-file CPU this measures
    Path memory = Path.of("/dev/shm");
    home =
        Files.isDirectory(memory) && Files.isWritable(memory)
            ? Files.createTempDirectory(memory, "medallion-jmh-")
            : Files.createTempDirectory("medallion-jmh-");
    spark = SparkSessions.local(new MedallionHome(home), "local[1]");
    schema =
        new StructType()
            .add("customer_tier", DataTypes.StringType)
            .add("event_date", DataTypes.DateType)
            .add("customer_id", DataTypes.StringType)
            .add("event_count", DataTypes.LongType)
            .add("purchase_count", DataTypes.LongType)
            .add("total_revenue", DataTypes.createDecimalType(28, 2))
            .add("avg_order_value", DataTypes.createDecimalType(18, 2))
            .add("aggregation_timestamp", DataTypes.TimestampType);
    location = home.resolve("fact").toString();
    DeltaWrites.createIfMissing(spark, location, schema, List.of("customer_tier", "event_date"), Map.of());
    metadata = DeltaLog.forTable(spark, location).update(false, Option.empty(), Option.empty()).metadata();
    rows = new ArrayList<>();
    Timestamp now = Timestamp.from(java.time.Instant.parse("2026-12-04T12:00:00Z"));
    int customer = 0;
    for (String tier : TIERS) {
      for (int day = 0; day < FILES / TIERS.size(); day++) {
        Date date = Date.valueOf(LocalDate.of(2026, 11, 10).plusDays(day));
        for (int i = 0; i < ROWS_PER_FILE; i++, customer++) {
          long events = 1 + customer % 7;
          rows.add(
              RowFactory.create(
                  tier,
                  date,
                  String.format("%010d", customer),
                  events,
                  events / 3,
                  new BigDecimal(customer % 1000 + ".25"),
                  new BigDecimal(customer % 300 + ".50"),
                  now));
        }
      }
    }
    writer = new DriverFileWriter(spark);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    spark.stop();
    LocalFolders.delete(home);
  }

  /** One batch's files: one per partition, with their statistics. */
  @Benchmark
  @OperationsPerInvocation(FILES)
  public int writeFiles() {
    return writer.write(location, metadata, schema, rows).size();
  }
}
