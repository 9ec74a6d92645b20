package dev.medallion.cli;

import dev.medallion.bronze.BronzeIngester;
import dev.medallion.flow.SourceFlow;
import dev.medallion.gold.DimensionWriter;
import dev.medallion.gold.GoldAssembly;
import dev.medallion.gold.GoldWriter;
import dev.medallion.ops.KafkaEndpoint;
import dev.medallion.ops.PipelineStream;
import dev.medallion.ops.PipelineMetrics;
import dev.medallion.ops.PipelineRunner;
import dev.medallion.ops.PipelineTables;
import dev.medallion.ops.TableCheckpoints;
import dev.medallion.ops.TableLocations;
import dev.medallion.silver.SilverWriter;
import dev.medallion.spec.BronzeTableSpec;
import dev.medallion.spec.PipelineSpec;
import dev.medallion.spec.SilverTableSpec;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * Builds a spec's flows: one per bronze table, its ingester and the query carrying the table's
 * new rows through the silver tables that read it and the gold tables those feed. Flows feeding a dimension come first, so a run that
 * stops when caught up has the members in place before the facts look them up.
 */
public final class PipelineAssembly {
  private PipelineAssembly() {}

  /**
   * The flows of every table in {@code spec}; {@code clock} stamps ingestion and processing times
   * (tests pass a fixed one).
   */
  private static List<PipelineStream> streams(
      SparkSession spark,
      PipelineSpec spec,
      KafkaEndpoint kafka,
      TableLocations locations,
      PipelineMetrics metrics,
      Clock clock) {
    metrics.createTable(spark);
    List<GoldWriter> gold = GoldAssembly.writers(spark, spec.gold(), locations, metrics, clock);
    List<PipelineStream> feedingDimensions = new ArrayList<>();
    List<PipelineStream> others = new ArrayList<>();
    for (BronzeTableSpec bronze : spec.bronze().values()) {
      List<SourceFlow.Refinement> refinements = new ArrayList<>();
      boolean dimension = false;
      for (SilverTableSpec silver : spec.silver().values()) {
        if (!silver.from().equals(bronze.qualifiedName())) {
          continue;
        }
        List<GoldWriter> fed =
            gold.stream().filter(writer -> writer.from().equals(silver.qualifiedName())).toList();
        dimension |= fed.stream().anyMatch(writer -> writer instanceof DimensionWriter);
        refinements.add(
            new SourceFlow.Refinement(new SilverWriter(spark, silver, locations, metrics, clock), fed));
      }
      (dimension ? feedingDimensions : others)
          .add(
              new SourceFlow(
                  spark,
                  new BronzeIngester(spark, bronze, spec.sourceOf(bronze), kafka, locations, metrics, clock),
                  refinements,
                  locations));
    }
    feedingDimensions.addAll(others);
    return feedingDimensions;
  }

  /** A runner of {@link #streams} that also checkpoints every table {@code spec} writes. */
  public static PipelineRunner runner(
      SparkSession spark,
      PipelineSpec spec,
      KafkaEndpoint kafka,
      TableLocations locations,
      PipelineMetrics metrics,
      Clock clock) {
    return new PipelineRunner(
        streams(spark, spec, kafka, locations, metrics, clock),
        new TableCheckpoints(spark, PipelineTables.of(spec).stream().map(locations::table).toList()));
  }
}
