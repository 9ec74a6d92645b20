package dev.medallion.ops;

import java.util.Optional;
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
   * The observed values, in the order observed; empty when the observed plan did not complete
   * within a grace period (a write interrupted, or skipped before reading its rows).
   */
  public static Optional<Row> ofCompletedWrite(Observation observation) {
    try {
      return Optional.of(Await.result(observation.future(), GRACE));
    } catch (java.util.concurrent.TimeoutException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }
}
