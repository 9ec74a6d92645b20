package dev.medallion.gold;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;

import dev.medallion.spec.FactSpec;
import io.delta.tables.DeltaTable;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * Finds the rows of a fact that must move to the attributes their member has now: rows that
 * landed under the inferred member (tier {@code UNKNOWN}) before the member arrived, and rows of a
 * member whose looked-up attribute changed. The fact's own writer moves them in the same MERGE as
 * its batch (old rows deleted, their measures added under the new attributes, so totals never
 * change), looked up against the same pinned dimension versions, so no other writer touches the
 * fact and no lock crosses flows.
 *
 * <p>Only members whose current row differs between the versions the fact last recorded
 * ({@link AttributionVersions}) and the pinned ones are looked at; every row is, when no versions
 * are recorded, when the older version cannot be read any more, or when more than {@link
 * #MAX_CHANGED_MEMBERS} members changed. Only lookups whose key and attributes are all grain
 * columns can move rows: an attribute aggregated away (used only in a measure's filter, say) keeps
 * the value it had when its rows were merged.
 */
final class FactReattribution {
  /** Above this many changed members the fact's rows are all checked instead of joined to a list. */
  static final int MAX_CHANGED_MEMBERS = 100_000;

  private final FactSpec fact;
  private final MeasureTable table;
  private final List<FactTable.ResolvedLookup> lookups;

  FactReattribution(FactSpec fact, MeasureTable table, List<FactTable.ResolvedLookup> lookups) {
    this.fact = fact;
    this.table = table;
    this.lookups =
        lookups.stream()
            .filter(
                resolved ->
                    fact.grain().contains(resolved.lookup().key())
                        && fact.grain().containsAll(resolved.lookup().attributes()))
            .toList();
  }

  /** Rows to move, found against {@code pinned} dimension versions; close it after the MERGE. */
  Moves find(SparkSession session, Map<String, Long> pinned, Optional<Map<String, Long>> recorded) {
    if (lookups.isEmpty() || !DeltaTable.isDeltaTable(session, table.location())) {
      return Moves.NONE;
    }
    Dataset<Row> stored = session.read().format("delta").load(table.location());
    Column[] factColumns = Arrays.stream(stored.columns()).map(c -> col(c)).toArray(Column[]::new);
    Dataset<Row> movers = null;
    for (FactTable.ResolvedLookup resolved : lookups) {
      String dimension = resolved.dimension().qualifiedName();
      long version = pinned.get(dimension);
      Optional<Long> since = recorded.map(r -> r.get(dimension));
      if (since.isPresent() && since.get() == version) {
        continue;
      }
      Dataset<Row> current = currentMembers(session, resolved, version);
      Dataset<Row> candidates = stored;
      if (since.isPresent() && since.get() < version) {
        Optional<List<Row>> changed = changedMembers(session, resolved, since.get(), current);
        if (changed.isPresent()) {
          if (changed.get().isEmpty()) {
            continue; // the dimension's commits changed nothing this lookup brings in
          }
          StructType keySchema =
              new StructType()
                  .add(FactLookups.memberKey(), current.schema().apply(FactLookups.memberKey()).dataType());
          Dataset<Row> keys = session.createDataFrame(changed.get(), keySchema);
          candidates =
              stored.join(
                  broadcast(keys),
                  stored.col(resolved.lookup().key()).equalTo(keys.col(FactLookups.memberKey())),
                  "left_semi");
        }
      }
      Dataset<Row> moving =
          candidates
              .join(
                  current,
                  candidates.col(resolved.lookup().key()).equalTo(current.col(FactLookups.memberKey())),
                  "left")
              .filter(FactLookups.attributesDiffer(resolved.lookup()))
              .select(factColumns);
      movers = movers == null ? moving : movers.union(moving);
    }
    if (movers == null) {
      return Moves.NONE;
    }
    if (lookups.size() > 1) {
      movers = movers.dropDuplicates(fact.grain().toArray(String[]::new));
    }
    Dataset<Row> persisted = movers.persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> reattributed = persisted;
    for (FactTable.ResolvedLookup resolved : lookups) {
      long version = pinned.get(resolved.dimension().qualifiedName());
      reattributed =
          FactLookups.attach(reattributed, currentMembers(session, resolved, version), resolved.lookup());
    }
    Column[] grain = fact.grain().stream().map(g -> col(g)).toArray(Column[]::new);
    return new Moves(persisted, persisted.select(grain), table.reaggregate(reattributed));
  }

  private static Dataset<Row> currentMembers(
      SparkSession session, FactTable.ResolvedLookup resolved, long version) {
    return FactLookups.currentMembers(
        session, resolved.dimensionLocation(), version, resolved.dimension().key(), resolved.lookup());
  }

  /**
   * Keys of members whose looked-up attributes differ between {@code since} and {@code current},
   * collected; empty when they cannot be listed (the old version is gone, or too many changed), so
   * every row is checked.
   */
  private static Optional<List<Row>> changedMembers(
      SparkSession session, FactTable.ResolvedLookup resolved, long since, Dataset<Row> current) {
    List<Row> keys;
    try {
      Dataset<Row> previous = currentMembers(session, resolved, since);
      Dataset<Row> changed =
          current
              .except(previous)
              .select(FactLookups.memberKey())
              .union(previous.except(current).select(FactLookups.memberKey()))
              .distinct();
      keys = changed.limit(MAX_CHANGED_MEMBERS + 1).collectAsList();
    } catch (RuntimeException oldVersionUnreadable) {
      return Optional.empty(); // vacuumed or past the log's retention: check every row instead
    }
    return keys.size() > MAX_CHANGED_MEMBERS ? Optional.empty() : Optional.of(keys);
  }

  /** The rows a MERGE moves: the grain keys it deletes and their measures under new attributes. */
  static final class Moves implements AutoCloseable {
    static final Moves NONE = new Moves(null, null, null);

    private final Dataset<Row> movers;
    private final Dataset<Row> oldKeys;
    private final Dataset<Row> partials;

    private Moves(Dataset<Row> movers, Dataset<Row> oldKeys, Dataset<Row> partials) {
      this.movers = movers;
      this.oldKeys = oldKeys;
      this.partials = partials;
    }

    /** True when no dimension changed in a way that can move rows. */
    boolean none() {
      return movers == null;
    }

    /** The grain keys of the rows to delete. */
    Optional<Dataset<Row>> oldKeys() {
      return Optional.ofNullable(oldKeys);
    }

    /** Partial aggregates of the moved rows under their new attributes. */
    Dataset<Row> partials() {
      return partials;
    }

    /** How many rows move (runs a job). */
    long count() {
      return movers == null ? 0 : movers.count();
    }

    @Override
    public void close() {
      if (movers != null) {
        movers.unpersist();
      }
    }
  }
}
