package dev.medallion.cli;

import dev.medallion.bronze.BronzeStream;
import dev.medallion.gold.GoldAssembly;
import dev.medallion.ops.KafkaEndpoint;
import dev.medallion.ops.LayerStream;
import dev.medallion.ops.PipelineMetrics;
import dev.medallion.ops.TableLocations;
import dev.medallion.silver.SilverStream;
import dev.medallion.spec.BronzeTableSpec;
import dev.medallion.spec.PipelineSpec;
import dev.medallion.spec.SilverTableSpec;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/** Builds the layer streams of a spec, in data-flow order: bronze, silver, gold. */
public final class PipelineAssembly {
  private PipelineAssembly() {}

  /**
   * The streams of every table in {@code spec}; {@code clock} stamps ingestion and processing
   * times (tests pass a fixed one).
   */
  public static List<LayerStream> streams(
      SparkSession spark,
      PipelineSpec spec,
      KafkaEndpoint kafka,
      TableLocations locations,
      PipelineMetrics metrics,
      Clock clock) {
    metrics.createTable(spark);
    List<LayerStream> streams = new ArrayList<>();
    for (BronzeTableSpec bronze : spec.bronze().values()) {
      streams.add(
          new BronzeStream(spark, bronze, spec.sourceOf(bronze), kafka, locations, metrics, clock));
    }
    for (SilverTableSpec silver : spec.silver().values()) {
      streams.add(new SilverStream(spark, silver, locations, metrics, clock));
    }
    streams.addAll(GoldAssembly.streams(spark, spec.gold(), locations, metrics, clock));
    return streams;
  }
}
