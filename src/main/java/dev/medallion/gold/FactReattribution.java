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
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
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
 * ({@link AttributionVersions}) and the pinned ones are looked at ({@link Changes}); every row is,
 * when no versions are recorded, when the older version cannot be read any more, or when more
 * than {@link #MAX_CHANGED_MEMBERS} members changed. Only lookups whose key and attributes are all
 * grain columns can move rows: an attribute aggregated away (used only in a measure's filter, say)
 * keeps the value it had when its rows were merged.
 */
final class FactReattribution {
  /** Above this many changed members the fact's rows are all checked instead of joined to a list. */
  static final int MAX_CHANGED_MEMBERS = 100_000;

  /** Which members of one lookup's dimension changed since the fact's last commit. */
  record Changes(boolean all, List<Object> keys) {
    static Changes none() {
      return new Changes(false, List.of());
    }

    static Changes every() {
      return new Changes(true, List.of());
    }

    static Changes of(List<Object> keys) {
      return keys.size() > MAX_CHANGED_MEMBERS ? every() : new Changes(false, keys);
    }

    boolean any() {
      return all || !keys.isEmpty();
    }
  }

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

  /** The lookups whose changes can move rows. */
  List<FactTable.ResolvedLookup> lookups() {
    return lookups;
  }

  /**
   * Rows to move, found against the pinned members ({@code current}, every lookup of the fact)
   * among the members {@code changes} names; close it after the MERGE.
   */
  Moves find(
      SparkSession session,
      Map<FactTable.ResolvedLookup, MemberSnapshot> current,
      Map<FactTable.ResolvedLookup, Changes> changes) {
    if (lookups.stream().noneMatch(l -> changes.get(l).any())
        || !DeltaTable.isDeltaTable(session, table.location())) {
      return Moves.NONE;
    }
    Dataset<Row> stored = table.rows(session);
    Column[] factColumns = Arrays.stream(stored.columns()).map(c -> col(c)).toArray(Column[]::new);
    Dataset<Row> movers = null;
    for (FactTable.ResolvedLookup resolved : lookups) {
      Changes changed = changes.get(resolved);
      if (!changed.any()) {
        continue;
      }
      MemberSnapshot members = current.get(resolved);
      Dataset<Row> now = members.rows(session);
      Dataset<Row> candidates = stored;
      if (!changed.all()) {
        List<Row> keyRows = changed.keys().stream().map(k -> RowFactory.create(k)).toList();
        Dataset<Row> keys = session.createDataFrame(keyRows, members.keySchema());
        candidates =
            stored.join(
                broadcast(keys),
                stored.col(resolved.lookup().key()).equalTo(keys.col(FactLookups.memberKey())),
                "left_semi");
      }
      Dataset<Row> moving =
          candidates
              .join(now, candidates.col(resolved.lookup().key()).equalTo(now.col(FactLookups.memberKey())), "left")
              .filter(FactLookups.attributesDiffer(resolved.lookup()))
              .select(factColumns);
      movers = movers == null ? moving : movers.union(moving);
    }
    if (lookups.size() > 1) {
      movers = movers.dropDuplicates(fact.grain().toArray(String[]::new));
    }
    Dataset<Row> persisted = movers.persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> reattributed = persisted;
    for (FactTable.ResolvedLookup resolved : lookups) {
      reattributed =
          FactLookups.attach(reattributed, current.get(resolved).rows(session), resolved.lookup());
    }
    Column[] grain = fact.grain().stream().map(g -> col(g)).toArray(Column[]::new);
    return new Moves(persisted, persisted.select(grain), table.reaggregate(reattributed));
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
