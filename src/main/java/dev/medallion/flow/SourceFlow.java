package dev.medallion.flow;

import dev.medallion.bronze.BronzeIngester;
import dev.medallion.gold.GoldWriter;
import dev.medallion.ops.BatchIdentity;
import dev.medallion.ops.ConcurrentWrites;
import dev.medallion.ops.MicroBatchStreams;
import dev.medallion.ops.PipelineStream;
import dev.medallion.ops.TableLocations;
import dev.medallion.silver.SilverWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.DataStreamReader;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;
import org.apache.spark.storage.StorageLevel;

/**
 * One source's path through the layers. Its {@link BronzeIngester} commits the topic's records to
 * the bronze table; one streaming query reads the bronze table's new files (Delta's streaming
 * source) and carries each micro-batch through silver and quarantine, then every gold table fed by
 * that silver table, before the next batch starts. Layers meet only through their tables' rows;
 * each write is idempotent under the batch's identity, so a crash anywhere is repaired by
 * replaying the batch, which Delta's source reads again from the same bronze versions.
 *
 * <p>A batch ends by having the ingester commit what it has read, so the next batch, which starts
 * at once when the flow is behind its trigger, takes every record that arrived during this one
 * instead of those the ingester's own trigger committed (docs/performance.md).
 *
 * <p>The query is named after the bronze table it reads ({@code bronze.events}) and checkpointed
 * under {@code flows/NAME}.
 */
public final class SourceFlow implements PipelineStream {
  private final SparkSession spark;
  private final BronzeIngester bronze;
  private final List<Refinement> refinements;
  private final TableLocations locations;

  /** A silver table fed by the flow's bronze table, and the gold writers it feeds. */
  public record Refinement(SilverWriter silver, List<GoldWriter> gold) {
    public Refinement {
      gold = List.copyOf(gold);
    }
  }

  public SourceFlow(
      SparkSession spark, BronzeIngester bronze, List<Refinement> refinements, TableLocations locations) {
    this.spark = spark;
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

  /**
   * Creates every table of the flow if missing, in data-flow order, then ingests: everything the
   * topic holds now before the query starts, for {@code Trigger.AvailableNow()}; else in the
   * background beside the query, which starts once every writer has loaded what its batches keep
   * (the dedup key index, gold's copies held in the driver), so its first batch is not slowed by
   * those loads while events wait.
   */
  @Override
  public StreamingQuery start(Trigger trigger) {
    bronze.createTable();
    bronze.checkResumable();
    for (Refinement refinement : refinements) {
      refinement.silver().createTables();
      refinement.gold().forEach(GoldWriter::createTables);
    }
    if (trigger.equals(Trigger.AvailableNow())) {
      bronze.ingestAvailable();
    } else {
      bronze.start();
      prepareWriters();
    }
    DataStreamReader reader =
        spark
            .readStream()
            .format("delta")
            // at most the source's max-offsets-per-trigger records
            .option("maxFilesPerTrigger", bronze.filesPerBatch());
    if (bronze.readableFromCreation()) {
      // commit by commit, as the ingester committed them: a first read of the table's snapshot
      // would read the state of a version the ingester's next commit uncaches beside it
      reader = reader.option("startingVersion", 0);
    }
    Dataset<Row> newBronzeRows = reader.load(locations.table(table()));
    return MicroBatchStreams.start(
        newBronzeRows, table(), locations.checkpoint("flows." + bronzeName()), trigger, this::carryBatch);
  }

  @Override
  public void catchUp() {
    refinements.forEach(refinement -> refinement.gold().forEach(GoldWriter::catchUp));
  }

  @Override
  public Optional<RuntimeException> failure() {
    return bronze.failure();
  }

  @Override
  public void stop() {
    bronze.close();
  }

  /** Every writer's {@code prepare}, the writers at the same time. */
  private void prepareWriters() {
    List<Runnable> loads = new ArrayList<>();
    for (Refinement refinement : refinements) {
      loads.add(refinement.silver()::prepare);
      refinement.gold().forEach(gold -> loads.add(gold::prepare));
    }
    ConcurrentWrites.runEach(table() + "-prepare", loads);
  }

  private String bronzeName() {
    return table().substring(table().indexOf('.') + 1);
  }

  private void carryBatch(Dataset<Row> bronzeBatch, long batchId) {
    BatchIdentity identity = BatchIdentity.current(bronzeBatch, batchId);
    // read from the bronze files once, however many silver tables refine them
    Dataset<Row> bronzeRows =
        refinements.size() > 1 ? bronzeBatch.persist(StorageLevel.MEMORY_AND_DISK()) : bronzeBatch;
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
      if (bronzeRows != bronzeBatch) {
        bronzeRows.unpersist();
      }
    }
    bronze.commitWhatWasRead(bronze.trigger());
  }
}
