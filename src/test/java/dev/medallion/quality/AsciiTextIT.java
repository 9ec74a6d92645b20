package dev.medallion.quality;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.assertj.core.api.Assertions.assertThat;

import dev.medallion.testing.SharedSpark;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * The byte-level functions in Spark's generated code against Spark's own {@code rlike} and {@code
 * regexp_replace} on the same values: printable ASCII, NULL, the empty text, text with a line
 * terminator at its end (where {@code $} matches before it), non-ASCII characters, and text
 * longer than the byte-level match takes.
 */
class AsciiTextIT {
  private static final List<String> VALUES =
      Arrays.asList(
          "0123456789",
          "012345678",
          "C-000123-456",
          "(012) 345-6789",
          null,
          "",
          "0123456789\n",
          "01234５6789",
          "٠١٢٣٤٥٦٧٨٩",
          "012345678é",
          "x".repeat(80),
          "1".repeat(70) + "-" + "2".repeat(10));

  @Test
  void givesSparkResultsForEveryKindOfText() {
    List<Row> rows = new ArrayList<>();
    VALUES.forEach(value -> rows.add(RowFactory.create(value)));
    Dataset<Row> values =
        SharedSpark.session().createDataFrame(rows, new StructType().add("text", DataTypes.StringType, true));
    Column text = col("text");

    List<Row> ours =
        values
            .select(
                AsciiText.matchesWhole(text, "[0-9]{10}"),
                AsciiText.removeAll(text, "[^0-9]").orElseThrow(),
                AsciiText.removeAll(text, "[-x]+").orElseThrow(),
                AsciiText.matchesWhole(text, "[0-9]+"),
                AsciiText.matchesWhole(text, "(0|1)+"))
            .collectAsList();
    List<Row> spark =
        values
            .select(
                text.rlike("^(?:[0-9]{10})$"),
                regexp_replace(text, "[^0-9]", ""),
                regexp_replace(text, "[-x]+", ""),
                text.rlike("^(?:[0-9]+)$"),
                text.rlike("^(?:(0|1)+)$"))
            .collectAsList();

    assertThat(ours).isEqualTo(spark);
    assertThat(ours.get(0).getBoolean(0)).isTrue();
    assertThat(ours.get(6).getBoolean(0)).as("a final newline, as java.util.regex has it").isTrue();
    assertThat(ours.get(3).getString(1)).isEqualTo("0123456789");
    assertThat(ours.get(4).isNullAt(0)).isTrue();
  }

  @Test
  void leavesAPatternOfAnotherKindToSpark() {
    assertThat(AsciiText.removeAll(col("text"), "[0-9]{2}")).isEmpty();
    assertThat(AsciiText.removeAll(col("text"), "a|b")).isEmpty();
    assertThat(AsciiText.matchesWhole(col("text"), "a|b").toString()).startsWith("rlike(");
  }
}
