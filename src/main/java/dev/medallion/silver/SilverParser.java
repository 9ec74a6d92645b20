package dev.medallion.silver;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.is_valid_utf8;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.when;

import dev.medallion.quality.AsciiText;
import dev.medallion.quality.QualityVerdict;
import dev.medallion.quality.QuarantineRows;
import dev.medallion.spec.BronzeColumns;
import dev.medallion.spec.FieldSpec;
import dev.medallion.spec.SilverTableSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;

/**
 * The pure transformation from bronze rows to classified silver rows: parsed with the declared
 * schema, standardized, derived columns added, and a {@code reasons} column listing every reason
 * the record fails (empty for a valid record). Nothing is dropped here.
 */
public final class SilverParser {
  /** Column added to every classified row: true where it breaks a rule whose action is fail. */
  public static final String BREAKS_FAIL_RULE = "_breaks_fail_rule";

  private static final String PARSED = "_parsed";
  private static final String CORRUPT = "_corrupt_record";
  private static final Pattern REMOVAL =
      Pattern.compile(
          "(?i)\\s*regexp_replace\\s*\\(\\s*([a-z_][a-z0-9_]*)\\s*,\\s*'([^'\\\\]+)'\\s*,\\s*''\\s*\\)\\s*");

  private final SilverTableSpec table;
  private final StructType parseSchema;
  private final QualityVerdict verdict;

  public SilverParser(SilverTableSpec table) {
    this.table = table;
    StructType schema = new StructType();
    for (FieldSpec field : table.schema()) {
      schema = schema.add(field.name(), DataType.fromDDL(field.type()), true);
    }
    this.parseSchema = schema.add(CORRUPT, "string", true);
    this.verdict = new QualityVerdict(table.schema(), table.rules());
  }

  /** The columns of the silver table, in order: fields, derived columns, then bronze coordinates. */
  public List<String> silverColumns() {
    List<String> columns = new ArrayList<>();
    table.schema().forEach(field -> columns.add(field.name()));
    columns.addAll(table.derive().keySet());
    columns.addAll(BronzeColumns.VISIBLE_TO_SILVER);
    columns.add(SilverWriter.PROCESSING_TIMESTAMP);
    return columns;
  }

  /**
   * Bronze rows classified: the raw payload and audit columns kept, the parsed (standardized,
   * derived) fields added, {@code reasons} and {@link #BREAKS_FAIL_RULE} computed.
   */
  public Dataset<Row> classify(Dataset<Row> bronze) {
    Column payload = col(BronzeColumns.EVENT_DATA);
    List<Column> columns = new ArrayList<>();
    columns.add(payload);
    columns.add(col(BronzeColumns.KAFKA_KEY));
    BronzeColumns.VISIBLE_TO_SILVER.forEach(audit -> columns.add(col(audit)));
    Optional<JsonPayloadDecoder> decoder = decoder(bronze.sparkSession());
    columns.add(decoder.map(ours -> ours.decoded(payload)).orElseGet(() -> fromJson(payload)).as(PARSED));
    // our decoder knows a plain object's bytes are UTF-8 without reading them again
    Column utf8 = decoder.isPresent() ? col(PARSED + "." + JsonPayloadDecoder.VALID_UTF8) : is_valid_utf8(payload);
    // each new Dataset is analysed again on the driver, every batch: the fields come out of the
    // parsed struct in one step; standardizing and deriving stay one column at a time, as each may
    // read the one before
    Map<String, Column> fields = new LinkedHashMap<>();
    for (FieldSpec field : table.schema()) {
      fields.put(field.name(), col(PARSED + "." + field.name()));
    }
    Dataset<Row> parsed = bronze.select(columns.toArray(Column[]::new)).withColumns(fields);
    for (Map.Entry<String, String> standard : table.standardize().entrySet()) {
      parsed = parsed.withColumn(standard.getKey(), standardization(standard.getValue()));
    }
    for (Map.Entry<String, String> derived : table.derive().entrySet()) {
      parsed = parsed.withColumn(derived.getKey(), expr(derived.getValue()));
    }
    Column payloadProblem =
        when(payload.isNull(), lit("empty payload: the record has no value"))
            .when(
                not(utf8),
                lit("payload is not valid UTF-8 text"))
            .when(
                col(PARSED).isNull().or(col(PARSED + "." + CORRUPT).isNotNull()),
                lit("malformed payload: not a JSON object matching the declared schema"));
    List<Column> classified = new ArrayList<>();
    for (String column : parsed.columns()) {
      if (!column.equals(PARSED)) {
        classified.add(col("`" + column.replace("`", "``") + "`"));
      }
    }
    classified.add(
        when(payloadProblem.isNotNull(), array(payloadProblem)).otherwise(verdict.reasons()).as(QuarantineRows.REASONS));
    classified.add(payloadProblem.isNull().and(verdict.breaksFailRule()).as(BREAKS_FAIL_RULE));
    return parsed.select(classified.toArray(Column[]::new));
  }

  /**
   * A standardization's column: {@code regexp_replace(column, 'pattern', '')} of a plain pattern
   * decided on the text's bytes ({@link AsciiText}), any other expression as Spark SQL has it. The
   * pattern is read only from a literal without backslashes or quotes, whose SQL text is the
   * pattern itself.
   */
  static Column standardization(String sql) {
    Matcher removal = REMOVAL.matcher(sql);
    if (removal.matches()) {
      Optional<Column> removed = AsciiText.removeAll(col(removal.group(1)), removal.group(2));
      if (removed.isPresent()) {
        return removed.get();
      }
    }
    return expr(sql);
  }

  /**
   * Our own decoder of the declared schema, where it reads every field's type; otherwise the payload
   * is parsed by Spark's {@code from_json}, with the same values.
   */
  private Optional<JsonPayloadDecoder> decoder(SparkSession spark) {
    return JsonPayloadDecoder.forSchema(parseSchema, CORRUPT, spark.conf().get("spark.sql.session.timeZone"));
  }

  private Column fromJson(Column payload) {
    return from_json(payload, parseSchema, Map.of("mode", "PERMISSIVE", "columnNameOfCorruptRecord", CORRUPT));
  }
}
