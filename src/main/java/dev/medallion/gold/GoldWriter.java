package dev.medallion.gold;

import dev.medallion.ops.BatchIdentity;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Gold tables maintained from one silver table, batch by batch: the silver rows a micro-batch
 * wrote go in, one idempotent write per gold table comes out.
 */
public interface GoldWriter {
  /** The name its batches are recorded and reported under ({@code gold.dim_customer}). */
  String table();

  /** The silver table it reads. */
  String from();

  /** Creates its tables if missing (the silver table must exist). */
  void createTables();

  /**
   * Loads what its batches keep between them (the copies of its tables held in the driver, a
   * window's watermark) before a continuous run's first batch, so that batch does not carry it.
   * Optional: a batch loads whatever is not loaded yet.
   */
  default void prepare() {}

  /** Writes the gold rows of one batch of {@code silverRows}; a replayed batch changes nothing. */
  void write(Dataset<Row> silverRows, BatchIdentity identity);

  /**
   * Brings its tables up to date with the tables they follow (facts with their dimensions) when no
   * batch of its own will: called at the end of a run that stops when caught up. Idempotent.
   */
  default void catchUp() {}
}
