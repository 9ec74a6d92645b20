package dev.medallion.ops;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.metric.SQLMetric;
import org.apache.spark.sql.execution.metric.SQLMetrics;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Figures of a commit written outside Delta's own commands, as the metrics a transaction
 * registers ({@code OptimisticTransaction.registerSQLMetrics}) and Delta reports in the table's
 * history ({@code operationMetrics}).
 */
public final class HistoryMetrics {
  private HistoryMetrics() {}

  /** Each figure as a metric set to its value, by the name Delta's operation reports it under. */
  public static scala.collection.immutable.Map<String, SQLMetric> of(SparkSession spark, Map<String, Long> figures) {
    Map<String, SQLMetric> metrics = new LinkedHashMap<>();
    figures.forEach(
        (name, value) -> {
          SQLMetric metric = SQLMetrics.createMetric(spark.sparkContext(), name);
          metric.set(value);
          metrics.put(name, metric);
        });
    return scala.collection.immutable.Map.from(CollectionConverters.asScala(metrics));
  }
}
