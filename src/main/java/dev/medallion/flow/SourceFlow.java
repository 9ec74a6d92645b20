package dev.medallion.flow;

import dev.medallion.bronze.BronzeWriter;
import dev.medallion.gold.GoldWriter;
import dev.medallion.ops.BatchIdentity;
import dev.medallion.ops.PipelineStream;
import dev.medallion.ops.MicroBatchStreams;
import dev.medallion.ops.TableLocations;
import dev.medallion.silver.SilverWriter;
import java.time.Duration;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;

/**
 * One source's streaming query: each micro-batch read from Kafka is appended to bronze, refined
 * into silver and quarantine, then merged into every gold table fed by that silver table, before
 * the next batch starts. A batch reaches gold one trigger after it reaches Kafka, instead of one
 * trigger per layer; layers still meet only through their tables' rows, and each write is
 * idempotent under the batch's identity, so a crash anywhere is repaired by replaying the batch.
 *
 * <p>The query is named after, and checkpointed under, its bronze table.
 */
public final class SourceFlow implements PipelineStream {
  private final BronzeWriter bronze;
  private final List<Refinement> refinements;
  private final TableLocations locations;

  /** A silver table fed by the flow's bronze table, and the gold writers it feeds. */
  public record Refinement(SilverWriter silver, List<GoldWriter> gold) {
    public Refinement {
      gold = List.copyOf(gold);
    }
  }

  public SourceFlow(BronzeWriter bronze, List<Refinement> refinements, TableLocations locations) {
    this.bronze = bronze;
    this.refinements = List.copyOf(refinements);
    this.locations = locations;
  }

  @Override
  public String table() {
    return bronze.table();
  }

  @Override
  public Duration trigger() {
    return bronze.trigger();
  }

  /** Creates every table of the flow if missing, in data-flow order, and starts the query. */
  @Override
  public StreamingQuery start(Trigger trigger) {
    bronze.createTable();
    for (Refinement refinement : refinements) {
      refinement.silver().createTables();
      refinement.gold().forEach(GoldWriter::createTables);
    }
    return MicroBatchStreams.start(
        bronze.kafkaStream(), table(), locations, trigger, this::carryBatch);
  }

  @Override
  public void catchUp() {
    refinements.forEach(refinement -> refinement.gold().forEach(GoldWriter::catchUp));
  }

  private void carryBatch(Dataset<Row> kafkaBatch, long batchId) {
    BatchIdentity identity = BatchIdentity.current(kafkaBatch, batchId);
    Dataset<Row> bronzeRows = bronze.write(kafkaBatch, identity);
    try {
      for (Refinement refinement : refinements) {
        try (SilverWriter.Written silver = refinement.silver().write(bronzeRows, identity)) {
          if (silver.count() > 0) {
            for (GoldWriter gold : refinement.gold()) {
              gold.write(silver.rows(), identity);
            }
          }
        }
      }
    } finally {
      bronzeRows.unpersist();
    }
  }
}
