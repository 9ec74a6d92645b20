package dev.medallion.gold;

import dev.medallion.ops.BatchIdentity;
import dev.medallion.spec.DimensionSpec;
import dev.medallion.spec.FactSpec;
import dev.medallion.spec.LookupSpec;
import java.time.Instant;
import java.util.List;
import java.util.Map;
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
  private final AttributionVersions attribution;
  private final FactReattribution reattribution;

  FactTable(FactSpec spec, String location, List<ResolvedLookup> lookups) {
    this.spec = spec;
    this.table = new MeasureTable(location, spec.grain(), spec.measures(), spec.derived(), spec.partitionBy());
    this.lookups = List.copyOf(lookups);
    this.attribution = new AttributionVersions(lookups);
    this.reattribution = new FactReattribution(spec, table, lookups);
  }

  String location() {
    return table.location();
  }

  FactSpec spec() {
    return spec;
  }

  /** Creates the table if missing; the dimensions it looks up must exist already. */
  void createIfMissing(SparkSession spark, Dataset<Row> silverShape) {
    Map<String, Long> versions = attribution.latest(spark);
    table.createIfMissing(spark, withLookups(spark, silverShape, versions));
  }

  /**
   * Merges one micro-batch of silver rows in one commit, with the rows of members whose attributes
   * changed since the fact's last commit moved ({@link FactReattribution}); attributes come from
   * the dimensions' latest versions, pinned for the whole write. A replay of the batch is skipped.
   */
  void merge(SparkSession session, Dataset<Row> silverRows, BatchIdentity batch, Instant now) {
    if (lookups.isEmpty()) {
      table.merge(session, table.aggregate(silverRows), Optional.empty(), Optional.of(batch), now);
      return;
    }
    Map<String, Long> pinned = attribution.latest(session);
    Dataset<Row> partials = table.aggregate(withLookups(session, silverRows, pinned));
    try (FactReattribution.Moves moves =
        reattribution.find(session, pinned, AttributionVersions.recorded(session, location()))) {
      Dataset<Row> merged =
          moves.none() ? partials : table.reaggregate(partials.unionByName(moves.partials()));
      AttributionVersions.committing(
          session,
          pinned,
          () -> table.merge(session, merged, moves.oldKeys(), Optional.of(batch), now));
    }
  }

  /**
   * Moves the rows of members whose attributes changed since the fact's last commit, when no batch
   * of the fact's own will (at the end of a run that stops when caught up).
   *
   * @return the number of rows moved
   */
  long reattribute(SparkSession session, Instant now) {
    if (lookups.isEmpty()) {
      return 0;
    }
    Map<String, Long> pinned = attribution.latest(session);
    Optional<Map<String, Long>> recorded = AttributionVersions.recorded(session, location());
    if (recorded.isPresent() && recorded.get().equals(pinned)) {
      return 0;
    }
    try (FactReattribution.Moves moves = reattribution.find(session, pinned, recorded)) {
      long moved = moves.count();
      if (moved > 0) {
        AttributionVersions.committing(
            session,
            pinned,
            () -> table.merge(session, moves.partials(), moves.oldKeys(), Optional.empty(), now));
      }
      return moved;
    }
  }

  private Dataset<Row> withLookups(SparkSession session, Dataset<Row> rows, Map<String, Long> versions) {
    Dataset<Row> prepared = rows;
    for (ResolvedLookup resolved : lookups) {
      prepared =
          FactLookups.attach(
              prepared,
              FactLookups.currentMembers(
                  session,
                  resolved.dimensionLocation(),
                  versions.get(resolved.dimension().qualifiedName()),
                  resolved.dimension().key(),
                  resolved.lookup()),
              resolved.lookup());
    }
    return prepared;
  }
}
