package dev.medallion.ops;

import io.delta.tables.DeltaMergeBuilder;
import org.apache.spark.sql.SparkSession;

/**
 * Runs a Delta MERGE as the write of one micro-batch: tagged with the batch's identity through
 * Delta's session settings, so a replayed batch whose MERGE was committed is skipped. Use the
 * micro-batch's own session (each stream has a clone), never one shared by other streams.
 */
public final class IdempotentMerge {
  private static final String APP_ID = "spark.databricks.delta.write.txnAppId";
  private static final String VERSION = "spark.databricks.delta.write.txnVersion";

  private IdempotentMerge() {}

  /** Executes {@code merge} once for {@code batch}. */
  public static void execute(SparkSession session, BatchIdentity batch, DeltaMergeBuilder merge) {
    session.conf().set(APP_ID, batch.appId());
    session.conf().set(VERSION, String.valueOf(batch.version()));
    try {
      merge.execute();
    } finally {
      session.conf().unset(APP_ID);
      session.conf().unset(VERSION);
    }
  }
}
