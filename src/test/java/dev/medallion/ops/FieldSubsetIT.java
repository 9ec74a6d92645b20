package dev.medallion.ops;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.assertj.core.api.Assertions.assertThat;

import dev.medallion.testing.SharedSpark;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.BoundReference;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.UnsafeProjection;
import org.apache.spark.sql.catalyst.expressions.UnsafeRow;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import scala.jdk.javaapi.CollectionConverters;

/** Chosen fields of binary rows copied byte for byte as Spark's own projection copies them. */
class FieldSubsetIT {
  /** Every kind of field, fixed and variable length, each NULL in some rows. */
  private static Dataset<Row> rows() {
    return SharedSpark.session()
        .range(0, 300, 1, 1)
        .select(
            col("id"),
            expr("IF(id % 5 = 0, NULL, repeat('é', CAST(id % 13 AS INT)))").as("text"),
            expr("IF(id % 7 = 0, NULL, CAST(id AS INT))").as("number"),
            expr("CAST(id AS DOUBLE) / 3").as("ratio"),
            expr("IF(id % 3 = 0, NULL, CAST(id AS DECIMAL(10,2)) / 7)").as("short_decimal"),
            expr("IF(id % 4 = 0, NULL, CAST(id AS DECIMAL(30,5)) * 1000000000000)").as("long_decimal"),
            expr("TIMESTAMP_SECONDS(id)").as("at"),
            expr("DATE_FROM_UNIX_DATE(CAST(id AS INT))").as("day"),
            expr("id % 2 = 0").as("flag"),
            expr("IF(id % 6 = 0, NULL, CAST(repeat('b', CAST(id % 9 AS INT)) AS BINARY))").as("bytes"),
            expr("IF(id % 8 = 0, NULL, map('k', CAST(id AS STRING), 'n', IF(id % 2 = 0, NULL, 'odd')))").as("props"),
            expr("array(id, id + 1)").as("pair"),
            expr("named_struct('a', id % 3 = 0, 'b', repeat('x', CAST(id % 11 AS INT)))").as("nested"),
            expr("CAST(NULL AS STRING)").as("always_null"));
  }

  @Test
  void givesSparksProjectionOfTheSameFieldsByteForByte() {
    Dataset<Row> rows = rows();
    StructType schema = rows.schema();
    InternalRow[] internal = rows.queryExecution().executedPlan().executeCollect();
    List<int[]> choices =
        List.of(
            new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13},
            new int[] {13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0},
            new int[] {1},
            new int[] {10, 1, 12},
            new int[] {5, 5, 2},
            new int[] {3, 6, 7, 8});

    int compared = 0;
    for (int[] ordinals : choices) {
      FieldSubset subset = new FieldSubset(FieldSubset.Choice.of(schema, ordinals));
      List<Expression> references = new ArrayList<>();
      for (int ordinal : ordinals) {
        references.add(new BoundReference(ordinal, schema.fields()[ordinal].dataType(), true));
      }
      UnsafeProjection spark = UnsafeProjection.create(CollectionConverters.asScala(references).toSeq());
      for (InternalRow row : internal) {
        UnsafeRow ours = subset.copy((UnsafeRow) row);
        UnsafeRow theirs = spark.apply(row);
        assertThat(ours.getSizeInBytes()).isEqualTo(theirs.getSizeInBytes());
        assertThat(ours).isEqualTo(theirs);
        compared++;
      }
    }

    assertThat(compared).isEqualTo(6 * 300);
  }
}
