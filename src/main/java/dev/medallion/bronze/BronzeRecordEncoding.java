package dev.medallion.bronze;

import static dev.medallion.spec.BronzeColumns.EVENT_DATA;
import static dev.medallion.spec.BronzeColumns.KAFKA_OFFSET;
import static dev.medallion.spec.BronzeColumns.KAFKA_TIMESTAMP;

import dev.medallion.ops.KeptCodecs;
import dev.medallion.ops.NewParquetFile;
import dev.medallion.ops.ParquetWriterBuilder;
import java.io.IOException;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.kafka.clients.consumer.ConsumerRecord;
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

/**
 * How bronze rows are laid out in Parquet: the file schema Spark's own writer gives the bronze
 * columns (8-byte microsecond timestamps, text as UTF-8 binary), Spark's schema and version in the
 * footer as Spark writes them, and the record's bytes copied as they came from Kafka: the payload
 * and key are not decoded or re-encoded, so a payload that is not UTF-8 text is kept verbatim.
 *
 * <p>Dictionaries are kept for the columns that repeat (key, topic, partition, source system,
 * ingestion time) and left off for those whose every value differs. The compressor and its buffers
 * are kept from file to file, so an encoding serves one thread.
 */
final class BronzeRecordEncoding {
  private static final String SPARK_SCHEMA_KEY = "org.apache.spark.sql.parquet.row.metadata";
  private static final String SPARK_VERSION_KEY = "org.apache.spark.version";

  private final MessageType schema;
  private final Map<String, String> footer;
  private final CompressionCodecName codec;
  private final Configuration settings = new Configuration(false);
  private final KeptCodecs codecs;

  /** An encoding compressed with {@code codec}, timestamps as {@code sql} has Spark write them. */
  BronzeRecordEncoding(SQLConf sql, CompressionCodecName codec) {
    this.schema = new SparkToParquetSchemaConverter(sql).convert(BronzeSchema.DATA_SCHEMA);
    this.footer =
        Map.of(
            SPARK_SCHEMA_KEY, BronzeSchema.DATA_SCHEMA.json(),
            SPARK_VERSION_KEY, org.apache.spark.package$.MODULE$.SPARK_VERSION_SHORT());
    this.codec = codec;
    this.codecs = new KeptCodecs(new CodecFactory(settings, ParquetWriter.DEFAULT_PAGE_SIZE));
  }

  /** The codec's part of a data file's name, as Spark names its files ({@code snappy}). */
  String fileSuffix() {
    return codec.name().toLowerCase().replace("_", "");
  }

  /** A writer of a new file at {@code path}. */
  ParquetWriter<BronzeRecord> open(FileSystem fileSystem, Path path) throws IOException {
    return new ParquetWriterBuilder<BronzeRecord>(
            new NewParquetFile(NewParquetFile.raw(fileSystem), path), new RecordWriteSupport(schema, footer))
        .withConf(settings)
        .withCodecFactory(codecs)
        .withCompressionCodec(codec)
        .withWriteMode(ParquetFileWriter.Mode.CREATE)
        .withDictionaryEncoding(true)
        .withDictionaryEncoding(EVENT_DATA, false)
        .withDictionaryEncoding(KAFKA_OFFSET, false)
        .withDictionaryEncoding(KAFKA_TIMESTAMP, false)
        .build();
  }

  /** Writes a bronze row's columns in {@link BronzeSchema#DATA_SCHEMA}'s order. */
  private static final class RecordWriteSupport extends WriteSupport<BronzeRecord> {
    private final MessageType schema;
    private final Map<String, String> footer;
    private RecordConsumer consumer;
    private String topic;
    private Binary topicBinary;
    private String sourceSystem;
    private Binary sourceSystemBinary;

    RecordWriteSupport(MessageType schema, Map<String, String> footer) {
      this.schema = schema;
      this.footer = footer;
    }

    @Override
    public WriteContext init(Configuration configuration) {
      return new WriteContext(schema, footer);
    }

    @Override
    public void prepareForWrite(RecordConsumer recordConsumer) {
      this.consumer = recordConsumer;
    }

    @Override
    public void write(BronzeRecord row) {
      ConsumerRecord<byte[], byte[]> record = row.record();
      consumer.startMessage();
      if (record.value() != null) {
        binary(0, Binary.fromConstantByteArray(record.value()));
      }
      if (record.key() != null) {
        binary(1, Binary.fromConstantByteArray(record.key()));
      }
      binary(2, topic(record.topic()));
      consumer.startField(schema.getFieldName(3), 3);
      consumer.addInteger(record.partition());
      consumer.endField(schema.getFieldName(3), 3);
      int64(4, record.offset());
      if (row.timestampMicros() >= 0) {
        int64(5, row.timestampMicros());
      }
      binary(6, sourceSystem(row.sourceSystem()));
      int64(7, row.ingestedMicros());
      consumer.endMessage();
    }

    private Binary topic(String name) {
      if (!name.equals(topic)) {
        topic = name;
        topicBinary = Binary.fromString(name);
      }
      return topicBinary;
    }

    private Binary sourceSystem(String name) {
      if (!name.equals(sourceSystem)) {
        sourceSystem = name;
        sourceSystemBinary = Binary.fromString(name);
      }
      return sourceSystemBinary;
    }

    private void binary(int index, Binary value) {
      String name = schema.getFieldName(index);
      consumer.startField(name, index);
      consumer.addBinary(value);
      consumer.endField(name, index);
    }

    private void int64(int index, long value) {
      String name = schema.getFieldName(index);
      consumer.startField(name, index);
      consumer.addLong(value);
      consumer.endField(name, index);
    }
  }
}
