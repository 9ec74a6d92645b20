package dev.medallion.ops;

import java.util.Arrays;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.Literal;
import org.apache.spark.sql.catalyst.expressions.objects.Invoke;
import org.apache.spark.sql.classic.ExpressionUtils;
import org.apache.spark.sql.types.AbstractDataType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.ObjectType;
import scala.jdk.javaapi.CollectionConverters;

/**
 * A column whose value is a public method of one of our objects, called by Spark's generated code
 * on the object shipped with the plan (a decoder, a compiled pattern, a batch's removed positions):
 * code of our own on Spark's internal values, without a UDF's conversions to Java types. The
 * object's class must be public for the generated code to call it.
 */
public final class MethodColumns {
  private MethodColumns() {}

  /**
   * {@code target.method(arguments)} as a deterministic column of type {@code result}.
   *
   * @param nullIfArgumentNull whether a null argument makes the value null without a call
   * @param resultNullable whether the method itself may return null
   */
  public static Column call(
      Object target,
      String method,
      DataType result,
      boolean nullIfArgumentNull,
      boolean resultNullable,
      Column... arguments) {
    Invoke call =
        new Invoke(
            new Literal(target, new ObjectType(target.getClass())),
            method,
            result,
            CollectionConverters.asScala(
                    Arrays.stream(arguments).map(ExpressionUtils::expression).map(Expression.class::cast).toList())
                .toSeq(),
            CollectionConverters.<AbstractDataType>asScala(java.util.List.of()).toSeq(),
            nullIfArgumentNull,
            resultNullable,
            true);
    return ExpressionUtils.column(call);
  }
}
