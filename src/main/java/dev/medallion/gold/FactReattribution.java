package dev.medallion.gold;

import static org.apache.spark.sql.functions.col;

import dev.medallion.spec.DimensionSpec;
import dev.medallion.spec.FactSpec;
import dev.medallion.spec.LookupSpec;
import java.time.Instant;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * Moves a fact's rows to the attributes their member has now: rows that landed under the inferred
 * member (tier {@code UNKNOWN}) once the member arrives, and rows of a member whose tracked
 * attribute changed. The old rows are deleted and their measures added to the rows of the new
 * attributes in one MERGE, so the fact's totals never change. Idempotent: running it again finds
 * nothing to move.
 */
final class FactReattribution {
  private final FactSpec fact;
  private final LookupSpec lookup;
  private final DimensionSpec dimension;
  private final MeasureTable table;
  private final String dimensionLocation;

  FactReattribution(
      FactSpec fact, LookupSpec lookup, DimensionSpec dimension, MeasureTable table, String dimensionLocation) {
    this.fact = fact;
    this.lookup = lookup;
    this.dimension = dimension;
    this.table = table;
    this.dimensionLocation = dimensionLocation;
  }

  String factLocation() {
    return table.location();
  }

  /**
   * Re-attributes the rows of {@code members} (a dataset with the dimension's key column), or of
   * every member when empty. Call with the fact table's lock held.
   *
   * @return the number of fact rows moved
   */
  long reattribute(SparkSession session, Optional<Dataset<Row>> members, Instant now) {
    if (!io.delta.tables.DeltaTable.isDeltaTable(session, table.location())) {
      return 0; // no fact rows yet, so none to move
    }
    Dataset<Row> rows = session.read().format("delta").load(table.location());
    if (members.isPresent()) {
      Dataset<Row> keys = members.get().select(col(dimension.key()).as("_member")).distinct();
      rows = rows.join(keys, rows.col(lookup.key()).equalTo(keys.col("_member")), "left_semi");
    }
    Dataset<Row> current =
        FactLookups.currentMembers(session, dimensionLocation, dimension.key(), lookup);
    Dataset<Row> joined =
        rows.join(current, rows.col(lookup.key()).equalTo(current.col("_lookup_key")), "left");
    Dataset<Row> movers =
        joined.filter(FactLookups.attributesDiffer(lookup)).persist(StorageLevel.MEMORY_AND_DISK());
    try {
      long moved = movers.count();
      if (moved == 0) {
        return 0;
      }
      Dataset<Row> oldKeys = movers.select(fact.grain().stream().map(g -> col(g)).toArray(org.apache.spark.sql.Column[]::new));
      Dataset<Row> reattributed = FactLookups.attach(movers.drop(current.columns()), current, lookup);
      table.merge(session, table.reaggregate(reattributed), Optional.of(oldKeys), Optional.empty(), now);
      return moved;
    } finally {
      movers.unpersist();
    }
  }
}
