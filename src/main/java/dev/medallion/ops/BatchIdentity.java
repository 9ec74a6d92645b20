package dev.medallion.ops;

import static java.util.Objects.requireNonNull;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Names one micro-batch for Delta's idempotent writes: the stream's query id (kept in its
 * checkpoint, new when the checkpoint is new) and the batch id. A batch replayed after a crash has
 * the same identity, so each table skips a write it already committed.
 */
public record BatchIdentity(String appId, long version) {
  private static final String QUERY_ID_PROPERTY = "sql.streaming.queryId";

  public BatchIdentity {
    requireNonNull(appId, "appId");
  }

  /**
   * The identity of the micro-batch being processed on this thread (inside {@code foreachBatch}).
   *
   * @throws IllegalStateException when called outside a streaming query
   */
  public static BatchIdentity current(Dataset<Row> batch, long batchId) {
    String queryId = batch.sparkSession().sparkContext().getLocalProperty(QUERY_ID_PROPERTY);
    if (queryId == null) {
      throw new IllegalStateException("not inside a streaming micro-batch");
    }
    return new BatchIdentity(queryId, batchId);
  }
}
