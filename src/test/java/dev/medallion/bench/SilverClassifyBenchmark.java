package dev.medallion.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import dev.medallion.ingest.generator.EventGenerator;
import dev.medallion.ingest.generator.GeneratorOptions;
import dev.medallion.ops.MedallionHome;
import dev.medallion.ops.SparkSessions;
import dev.medallion.quality.SparkSqlChecker;
import dev.medallion.silver.JsonPayloadDecoder;
import dev.medallion.silver.SilverParser;
import dev.medallion.spec.BronzeColumns;
import dev.medallion.spec.SilverTableSpec;
import dev.medallion.spec.SpecLoader;
import java.nio.file.Files;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
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

/**
 * Silver's hot path on one core, per bronze row: decoding the payload with the declared schema
 * alone (Medallion's decoder, and Spark's {@code from_json} beside it), and the whole
 * classification (decoding, standardizing, deriving, every rule and the reasons column). The rows are the seed's events, 5% dirty, cached in memory, so
 * neither Kafka nor Delta is measured. Scores are rows per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
public class SilverClassifyBenchmark {
  static final int ROWS = 200_000;
  private static final String CORRUPT = "_corrupt_record";

  private SparkSession spark;
  private Dataset<Row> bronze;
  private SilverParser parser;
  private StructType payloadSchema;
  private JsonPayloadDecoder decoder;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    spark = SparkSessions.local(new MedallionHome(Files.createTempDirectory("medallion-jmh-")), "local[1]");
    SilverTableSpec events = SpecLoader.loadDefault(new SparkSqlChecker()).silver().get("events");
    parser = new SilverParser(events);
    payloadSchema = new StructType();
    events.schema().forEach(
        field -> payloadSchema = payloadSchema.add(field.name(), DataType.fromDDL(field.type())));
    payloadSchema = payloadSchema.add(CORRUPT, DataTypes.StringType);
    decoder = JsonPayloadDecoder.forSchema(payloadSchema, CORRUPT, "UTC").orElseThrow();
    Instant now = Instant.now();
    EventGenerator generator = new EventGenerator(new GeneratorOptions(ROWS, 1_000, 0.05, 7, now));
    List<Row> rows = new ArrayList<>(ROWS);
    long offset = 0;
    while (generator.hasNext()) {
      byte[] value = generator.next().value();
      rows.add(
          RowFactory.create(
              new String(value, java.nio.charset.StandardCharsets.UTF_8), null, "events.raw.v1", 0, offset++,
              Timestamp.from(now), "kafka", Timestamp.from(now), Date.valueOf("2026-11-25")));
    }
    bronze = spark.createDataFrame(rows, dev.medallion.bronze.BronzeSchema.SCHEMA).cache();
    bronze.count();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    bronze.unpersist();
    spark.stop();
  }

  /** Payload decoding only, by Medallion's decoder: rows whose JSON parsed. */
  @Benchmark
  @OperationsPerInvocation(ROWS)
  public long decodePayload() {
    return parsedRows(decoder.decoded(col(BronzeColumns.EVENT_DATA)));
  }

  /** Payload decoding only, by Spark's {@code from_json}: rows whose JSON parsed. */
  @Benchmark
  @OperationsPerInvocation(ROWS)
  public long decodePayloadFromJson() {
    return parsedRows(
        from_json(
            col(BronzeColumns.EVENT_DATA),
            payloadSchema,
            Map.of("mode", "PERMISSIVE", "columnNameOfCorruptRecord", CORRUPT)));
  }

  private long parsedRows(Column parsed) {
    return bronze
        .select(parsed.as("parsed"))
        .agg(count(when(col("parsed." + CORRUPT).isNull(), 1)))
        .first()
        .getLong(0);
  }

  /** The whole classification: rows with at least one reason. */
  @Benchmark
  @OperationsPerInvocation(ROWS)
  public long classify() {
    Row totals =
        parser
            .classify(bronze)
            .agg(count(lit(1)), sum(size(col("reasons"))))
            .first();
    return totals.getLong(0) + totals.getLong(1);
  }
}
