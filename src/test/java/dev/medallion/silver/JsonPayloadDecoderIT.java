package dev.medallion.silver;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.is_valid_utf8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.medallion.ingest.generator.EventGenerator;
import dev.medallion.ingest.generator.GeneratorOptions;
import dev.medallion.testing.SharedSpark;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.metrics.source.CodegenMetrics;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * The decoder against Spark's own {@code from_json} (permissive, with a corrupt-record field) on
 * the same payloads: the same records are malformed, and every other record has the same values.
 */
class JsonPayloadDecoderIT {
  private static final String CORRUPT = "_corrupt_record";
  private static final StructType EVERY_KIND =
      StructType.fromDDL(
          "event_id STRING, event_time TIMESTAMP, properties MAP<STRING, STRING>, n INT, big BIGINT,"
              + " amount DOUBLE, flag BOOLEAN, _corrupt_record STRING");
  private static final StructType SEED_EVENTS =
      StructType.fromDDL(
          "event_id STRING, customer_id STRING, event_type STRING, event_time TIMESTAMP,"
              + " properties MAP<STRING, STRING>, _corrupt_record STRING");

  @Test
  void decodesEdgeCasesAsSparkDoes() {
    assertSameAsSpark(JsonEdgeCases.payloads(), EVERY_KIND);
  }

  @Test
  void decodesGeneratedEventsAsSparkDoes() {
    EventGenerator generator =
        new EventGenerator(
            new GeneratorOptions(3_000, 200, 0.3, 11, Instant.parse("2026-11-25T12:00:00Z")));
    List<byte[]> payloads = new ArrayList<>();
    while (generator.hasNext()) {
      payloads.add(generator.next().value());
    }

    assertSameAsSpark(payloads, SEED_EVENTS);
  }

  @Test
  void aDecoderOfTheNextBatchUsesTheCodeAlreadyCompiled() {
    SparkSession spark = SharedSpark.session();
    List<byte[]> payloads = List.of("{\"event_id\":\"x\",\"n\":1}".getBytes(StandardCharsets.UTF_8));
    decodedOnly(spark, payloads, EVERY_KIND);
    long before = CodegenMetrics.METRIC_COMPILATION_TIME().getCount();

    List<Row> rows = decodedOnly(spark, payloads, EVERY_KIND);

    assertThat(rows.get(0).getStruct(0).getString(0)).isEqualTo("x");
    assertThat(CodegenMetrics.METRIC_COMPILATION_TIME().getCount()).isEqualTo(before);
  }

  private static List<Row> decodedOnly(SparkSession spark, List<byte[]> payloads, StructType schema) {
    JsonPayloadDecoder decoder = decoder(spark, schema);
    return payloadColumn(spark, payloads).select(decoder.decoded(col("payload"))).collectAsList();
  }

  private static void assertSameAsSpark(List<byte[]> payloads, StructType schema) {
    SparkSession spark = SharedSpark.session();
    Column payload = col("payload");
    List<Row> rows =
        payloadColumn(spark, payloads)
            .select(
                payload,
                from_json(payload, schema, Map.of("mode", "PERMISSIVE", "columnNameOfCorruptRecord",
                        CORRUPT))
                    .as("spark"),
                decoder(spark, schema).decoded(payload).as("ours"),
                is_valid_utf8(payload))
            .collectAsList();

    SoftAssertions softly = new SoftAssertions();
    int malformed = 0;
    for (Row row : rows) {
      Row theirs = row.getStruct(1);
      Row ours = row.isNullAt(2) ? null : schemaFields(row.getStruct(2), schema);
      if (!row.isNullAt(2)) {
        softly.assertThat(row.getStruct(2).getBoolean(schema.size()))
            .as("valid UTF-8: %s", row.get(0))
            .isEqualTo(row.getBoolean(3));
      }
      boolean sparkMalformed = malformed(theirs);
      softly.assertThat(malformed(ours)).as("malformed: %s", row.get(0)).isEqualTo(sparkMalformed);
      if (!sparkMalformed && !malformed(ours)) {
        softly.assertThat(ours).as("values of %s", row.get(0)).isEqualTo(theirs);
      }
      malformed += sparkMalformed ? 1 : 0;
    }
    softly.assertAll();
    assertThat(malformed).as("malformed payloads in the corpus").isBetween(1, rows.size() - 1);
  }

  /** The decoded row without the field the decoder adds, whether the payload is UTF-8. */
  private static Row schemaFields(Row decoded, StructType schema) {
    assertThat(decoded.schema().fieldNames()).endsWith(JsonPayloadDecoder.VALID_UTF8);
    Object[] values = new Object[schema.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = decoded.get(i);
    }
    return new GenericRowWithSchema(values, schema);
  }

  private static boolean malformed(Row parsed) {
    return parsed == null || !parsed.isNullAt(parsed.fieldIndex(CORRUPT));
  }

  private static JsonPayloadDecoder decoder(SparkSession spark, StructType schema) {
    return JsonPayloadDecoder.forSchema(schema, CORRUPT, spark.conf().get("spark.sql.session.timeZone"))
        .orElseThrow();
  }

  private static Dataset<Row> payloadColumn(SparkSession spark, List<byte[]> payloads) {
    List<Row> rows = new ArrayList<>();
    payloads.forEach(bytes -> rows.add(RowFactory.create((Object) bytes)));
    StructType binary = new StructType().add("bytes", DataTypes.BinaryType);
    return spark.createDataFrame(rows, binary).select(col("bytes").cast("string").as("payload"));
  }
}
