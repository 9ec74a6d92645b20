package dev.medallion.gold;

import dev.medallion.ops.BatchIdentity;
import dev.medallion.spec.DimensionSpec;
import dev.medallion.spec.FactSpec;
import dev.medallion.spec.LookupSpec;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** A fact table: silver rows, with dimension attributes looked up, merged at the fact's grain. */
final class FactTable {
  /** A lookup with the dimension it names and where that dimension is stored. */
  record ResolvedLookup(LookupSpec lookup, DimensionSpec dimension, String dimensionLocation) {}

  private final FactSpec spec;
  private final MeasureTable table;
  private final List<ResolvedLookup> lookups;

  FactTable(FactSpec spec, String location, List<ResolvedLookup> lookups) {
    this.spec = spec;
    this.table = new MeasureTable(location, spec.grain(), spec.measures(), spec.derived(), spec.partitionBy());
    this.lookups = List.copyOf(lookups);
  }

  String location() {
    return table.location();
  }

  MeasureTable measures() {
    return table;
  }

  FactSpec spec() {
    return spec;
  }

  /** Creates the table if missing; the dimensions it looks up must exist already. */
  void createIfMissing(SparkSession spark, Dataset<Row> silverShape) {
    table.createIfMissing(spark, withLookups(spark, silverShape));
  }

  /** Merges one micro-batch of silver rows; a replay of the batch is skipped. */
  void merge(SparkSession session, Dataset<Row> silverRows, BatchIdentity batch, Instant now) {
    table.merge(
        session, table.aggregate(withLookups(session, silverRows)), Optional.empty(), Optional.of(batch), now);
  }

  private Dataset<Row> withLookups(SparkSession session, Dataset<Row> rows) {
    Dataset<Row> prepared = rows;
    for (ResolvedLookup resolved : lookups) {
      prepared =
          FactLookups.attach(
              prepared,
              FactLookups.currentMembers(
                  session, resolved.dimensionLocation(), resolved.dimension().key(), resolved.lookup()),
              resolved.lookup());
    }
    return prepared;
  }
}
