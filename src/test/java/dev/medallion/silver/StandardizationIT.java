package dev.medallion.silver;

import static org.apache.spark.sql.functions.expr;
import static org.assertj.core.api.Assertions.assertThat;

import dev.medallion.testing.SharedSpark;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * A standardization of the form {@code regexp_replace(column, 'class', '')} runs on the text's
 * bytes with Spark's result; every other expression, and a pattern spelled with SQL escapes, is
 * Spark SQL's own.
 */
class StandardizationIT {
  private static final List<String> SQL =
      List.of(
          "regexp_replace(customer_id, '[^0-9]', '')",
          "REGEXP_REPLACE( Customer_Id ,'[^0-9]+','' )",
          "regexp_replace(customer_id, '[^0-9]', 'x')",
          "regexp_replace(customer_id, '\\\\D', '')",
          "regexp_replace(customer_id, '[0-9]{2}', '')",
          "upper(customer_id)");

  @Test
  void recognizesOnlyARemovalOfOneClassAndGivesSparkValues() {
    Dataset<Row> ids =
        SharedSpark.session()
            .createDataFrame(
                Arrays.asList(RowFactory.create("C-0012"), RowFactory.create((Object) null), RowFactory.create("Ö-12 3")),
                new StructType().add("customer_id", DataTypes.StringType, true));
    for (String sql : SQL) {
      assertThat(ids.select(SilverParser.standardization(sql)).collectAsList())
          .as(sql)
          .isEqualTo(ids.select(expr(sql)).collectAsList());
    }
    assertThat(SilverParser.standardization(SQL.get(0)).toString()).contains("removeAll");
    assertThat(SilverParser.standardization(SQL.get(1)).toString()).contains("removeAll");
    for (String sql : SQL.subList(2, SQL.size())) {
      assertThat(SilverParser.standardization(sql).toString()).as(sql).doesNotContain("removeAll");
    }
  }
}
