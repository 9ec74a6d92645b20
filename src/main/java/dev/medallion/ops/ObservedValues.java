package dev.medallion.ops;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import scala.concurrent.Await;
import scala.concurrent.duration.FiniteDuration;

/**
 * Reads the metrics a write observed on its rows ({@code Dataset.observe}) without a second pass
 * over the data.
 */
public final class ObservedValues {
  private static final FiniteDuration GRACE = FiniteDuration.apply(2, TimeUnit.SECONDS);

  private ObservedValues() {}

  /**
   * The observed values, or an empty map when the observed plan never ran: Delta skips the write
   * of a batch it committed before (a replay after a crash), and then nothing was observed.
   */
  public static Map<String, Object> ofCompletedWrite(Observation observation) {
    try {
      Row row = Await.result(observation.future(), GRACE);
      return scala.jdk.javaapi.CollectionConverters.asJava(row.getValuesMap(
          scala.jdk.javaapi.CollectionConverters.asScala(
                  java.util.Arrays.asList(row.schema().fieldNames()))
              .toSeq()));
    } catch (java.util.concurrent.TimeoutException e) {
      return Map.of();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Map.of();
    }
  }
}
