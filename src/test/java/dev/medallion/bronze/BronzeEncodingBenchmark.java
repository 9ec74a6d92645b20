package dev.medallion.bronze;

import dev.medallion.ingest.generator.EventGenerator;
import dev.medallion.ingest.generator.GeneratedRecord;
import dev.medallion.ingest.generator.GeneratorOptions;
import dev.medallion.ops.KeptCodecs;
import dev.medallion.ops.NewParquetFile;
import dev.medallion.ops.ParquetWriterBuilder;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.parquet.hadoop.CodecFactory;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;
import org.apache.spark.sql.execution.datasources.parquet.SparkToParquetSchemaConverter;
import org.apache.spark.sql.internal.SQLConf;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A bronze writer's work on one core, per record: one file of 50,000 of the seed's events (two
 * partitions, a poll's records sharing an ingestion time) encoded and written, with Delta's
 * statistics. Bronze's own column encoders, and beside them parquet-mr's record path as bronze used
 * it until 2026-12-04 (a write support feeding its record consumer, dictionaries on the repeating
 * columns), so the two stand in one run. Scores are records per second.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class BronzeEncodingBenchmark {
  private static final int RECORDS = 50_000;
  private static final int POLL = 500;

  private final List<ConsumerRecord<ByteBuffer, ByteBuffer>> records = new ArrayList<>();
  private final SQLConf sql = LocalTableFolder.sessionSql();
  private FileSystem fileSystem;
  private Path folder;
  private BronzeRecordEncoding encoding;
  private MessageType schema;
  private KeptCodecs codecs;

  @Setup
  public void setUp() throws IOException {
    EventGenerator generator = new EventGenerator(new GeneratorOptions(Long.MAX_VALUE, 1_000, 0.05, 7, Instant.now()));
    long now = System.currentTimeMillis();
    for (int i = 0; i < RECORDS; i++) {
      GeneratedRecord event = generator.next();
      int partition = (i / POLL) % 2;
      records.add(
          new ConsumerRecord<>(
              "events.raw.v1", partition, i, now + i, TimestampType.CREATE_TIME, event.key().length,
              event.value().length, ByteBuffer.wrap(event.key()), ByteBuffer.wrap(event.value()), new RecordHeaders(), java.util.Optional.empty()));
    }
    folder = new Path(Files.createTempDirectory("bronze-encoding").toUri());
    fileSystem = folder.getFileSystem(new Configuration());
    encoding = new BronzeRecordEncoding(sql);
    schema = new SparkToParquetSchemaConverter(sql).convert(BronzeSchema.DATA_SCHEMA);
    codecs = new KeptCodecs(new CodecFactory(new Configuration(false), ParquetWriter.DEFAULT_PAGE_SIZE));
  }

  /** Bronze's column encoders, through {@link BronzeFile}. */
  @Benchmark
  @OperationsPerInvocation(RECORDS)
  public long columnEncoders() {
    BronzeFile file = new BronzeFile(fileSystem, folder, LocalDate.of(2026, 12, 4), encoding, Set.of());
    long micros = 1_764_806_400_000_000L;
    for (int i = 0; i < RECORDS; i++) {
      if (i % POLL == 0) {
        micros += 1_000;
      }
      file.add(records.get(i), "kafka", micros);
    }
    long size = file.finish("kafka").size();
    file.abandon();
    return size;
  }

  /** parquet-mr's record path, as bronze used it before its column encoders. */
  @Benchmark
  @OperationsPerInvocation(RECORDS)
  public long parquetMrRecords() throws IOException {
    Path path = new Path(folder, "parquet-mr.snappy.parquet");
    fileSystem.delete(path, false);
    RecordWriteSupport support = new RecordWriteSupport(schema);
    try (ParquetWriter<Object[]> writer =
        new ParquetWriterBuilder<Object[]>(new NewParquetFile(NewParquetFile.raw(fileSystem), path), support)
            .withCodecFactory(codecs)
            .withCompressionCodec(CompressionCodecName.SNAPPY)
            .withWriteMode(ParquetFileWriter.Mode.CREATE)
            .withDictionaryEncoding(true)
            .withDictionaryEncoding("event_data", false)
            .withDictionaryEncoding("kafka_offset", false)
            .withDictionaryEncoding("kafka_timestamp", false)
            .build()) {
      long micros = 1_764_806_400_000_000L;
      Object[] row = new Object[2];
      for (int i = 0; i < RECORDS; i++) {
        if (i % POLL == 0) {
          micros += 1_000;
        }
        row[0] = records.get(i);
        row[1] = micros;
        writer.write(row);
      }
    }
    return fileSystem.getFileStatus(path).getLen();
  }

  /** The write support bronze had: a record's columns fed to parquet-mr's record consumer. */
  private static final class RecordWriteSupport extends WriteSupport<Object[]> {
    private final MessageType schema;
    private final Binary topic = Binary.fromString("events.raw.v1");
    private final Binary source = Binary.fromString("kafka");
    private RecordConsumer consumer;

    RecordWriteSupport(MessageType schema) {
      this.schema = schema;
    }

    @Override
    public WriteContext init(Configuration configuration) {
      return new WriteContext(schema, Map.of());
    }

    @Override
    public void prepareForWrite(RecordConsumer recordConsumer) {
      this.consumer = recordConsumer;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void write(Object[] row) {
      ConsumerRecord<ByteBuffer, ByteBuffer> record = (ConsumerRecord<ByteBuffer, ByteBuffer>) row[0];
      consumer.startMessage();
      binary(0, Binary.fromConstantByteBuffer(record.value()));
      binary(1, Binary.fromConstantByteBuffer(record.key()));
      binary(2, topic);
      consumer.startField(schema.getFieldName(3), 3);
      consumer.addInteger(record.partition());
      consumer.endField(schema.getFieldName(3), 3);
      int64(4, record.offset());
      int64(5, record.timestamp() * 1000);
      binary(6, source);
      int64(7, (Long) row[1]);
      consumer.endMessage();
    }

    private void binary(int index, Binary value) {
      consumer.startField(schema.getFieldName(index), index);
      consumer.addBinary(value);
      consumer.endField(schema.getFieldName(index), index);
    }

    private void int64(int index, long value) {
      consumer.startField(schema.getFieldName(index), index);
      consumer.addLong(value);
      consumer.endField(schema.getFieldName(index), index);
    }
  }
}
