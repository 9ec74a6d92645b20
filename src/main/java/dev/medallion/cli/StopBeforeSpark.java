package dev.medallion.cli;

import org.apache.spark.util.ShutdownHookManager;
import scala.runtime.AbstractFunction0;
import scala.runtime.BoxedUnit;

/**
 * A pipeline's stop on Ctrl-C, run before Spark stops its context. The JVM runs its shutdown hooks
 * at the same time, so a plain hook raced Spark's own: the ingesters' last commits then failed
 * with "No active or default Spark session found". Spark runs the hooks registered with it in
 * priority order, the higher first, so this one runs, and ends, before the context's.
 */
final class StopBeforeSpark {
  private final Object registration;

  private StopBeforeSpark(Object registration) {
    this.registration = registration;
  }

  /** Registers {@code stop} to run on shutdown ahead of the Spark context's stop. */
  static StopBeforeSpark register(Runnable stop) {
    return new StopBeforeSpark(
        ShutdownHookManager.addShutdownHook(
            ShutdownHookManager.SPARK_CONTEXT_SHUTDOWN_PRIORITY() + 10,
            new AbstractFunction0<BoxedUnit>() {
              @Override
              public BoxedUnit apply() {
                stop.run();
                return BoxedUnit.UNIT;
              }
            }));
  }

  /** Removes the hook once the pipeline has stopped by itself; nothing while shutting down. */
  void remove() {
    try {
      ShutdownHookManager.removeShutdownHook(registration);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running or ran
    }
  }
}
