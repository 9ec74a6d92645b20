package dev.medallion.gold;

import dev.medallion.ops.BatchIdentity;
import dev.medallion.ops.KernelReader;
import dev.medallion.spec.DimensionSpec;
import dev.medallion.spec.FactSpec;
import dev.medallion.spec.LookupSpec;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** A fact table: silver rows, with dimension attributes looked up, merged at the fact's grain. */
final class FactTable {
  /** A lookup with the dimension it names and where that dimension is stored. */
  record ResolvedLookup(LookupSpec lookup, DimensionSpec dimension, String dimensionLocation) {
    /** The dimension's current members at {@code version}, as {@link FactLookups} joins them. */
    Dataset<Row> currentMembers(SparkSession session, long version) {
      return FactLookups.currentMembers(session, dimensionLocation, version, dimension.key(), lookup);
    }
  }

  private final FactSpec spec;
  private final MeasureTable table;
  private final List<ResolvedLookup> lookups;
  private final AttributionVersions attribution;
  private final FactReattribution reattribution;
  /** Reads dimension members in the driver; made with the first session that needs it. */
  private volatile KernelReader reader;
  /** Per lookup, the members the latest write pinned. */
  private final Map<ResolvedLookup, MemberSnapshot> lastRead = new ConcurrentHashMap<>();

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

  /** Reads the copy of the table held in the driver. */
  void prepare(SparkSession session) {
    table.prepare(session);
  }

  /** Creates the table if missing; the dimensions it looks up must exist already. */
  void createIfMissing(SparkSession spark, Dataset<Row> silverShape) {
    Map<String, Long> versions = attribution.latest(spark);
    Dataset<Row> shape = silverShape;
    for (ResolvedLookup resolved : lookups) {
      long version = versions.get(resolved.dimension().qualifiedName());
      shape = FactLookups.attach(shape, resolved.currentMembers(spark, version), resolved.lookup());
    }
    table.createIfMissing(spark, shape);
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
    Map<ResolvedLookup, FactReattribution.Changes> changes =
        changesSince(session, AttributionVersions.recorded(session, location()), pinned);
    Map<ResolvedLookup, MemberSnapshot> members = members(session, pinned);
    Dataset<Row> partials = table.aggregate(withLookups(session, silverRows, members));
    try (FactReattribution.Moves moves = reattribution.find(session, members, changes)) {
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
    Map<ResolvedLookup, FactReattribution.Changes> changes = changesSince(session, recorded, pinned);
    try (FactReattribution.Moves moves = reattribution.find(session, members(session, pinned), changes)) {
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

  /**
   * Per re-attributable lookup, the members changed between the versions the fact recorded and
   * the pinned ones. Reads the recorded versions' members before the pinned ones, so the members
   * the last write pinned (kept in memory) serve as the older side.
   */
  private Map<ResolvedLookup, FactReattribution.Changes> changesSince(
      SparkSession session, Optional<Map<String, Long>> recorded, Map<String, Long> pinned) {
    Map<ResolvedLookup, FactReattribution.Changes> changes = new HashMap<>();
    for (ResolvedLookup resolved : reattribution.lookups()) {
      String dimension = resolved.dimension().qualifiedName();
      long version = pinned.get(dimension);
      Optional<Long> since = recorded.map(r -> r.get(dimension));
      if (since.isPresent() && since.get() == version) {
        changes.put(resolved, FactReattribution.Changes.none());
      } else if (since.isPresent() && since.get() < version) {
        Optional<List<Object>> keys =
            olderMembers(session, resolved, since.get())
                .flatMap(older -> snapshot(session, resolved, version).changedSince(older));
        changes.put(resolved, keys.map(FactReattribution.Changes::of).orElse(FactReattribution.Changes.every()));
      } else {
        changes.put(resolved, FactReattribution.Changes.every());
      }
    }
    return changes;
  }

  /** The members at an older {@code version}; empty when that version cannot be read any more. */
  private Optional<MemberSnapshot> olderMembers(SparkSession session, ResolvedLookup resolved, long version) {
    try {
      return Optional.of(snapshot(session, resolved, version));
    } catch (RuntimeException versionGone) {
      return Optional.empty(); // vacuumed, or past the log's retention: every row is checked
    }
  }

  private KernelReader reader(SparkSession session) {
    if (reader == null) {
      reader = new KernelReader(session);
    }
    return reader;
  }

  private Map<ResolvedLookup, MemberSnapshot> members(SparkSession session, Map<String, Long> versions) {
    Map<ResolvedLookup, MemberSnapshot> members = new HashMap<>();
    for (ResolvedLookup resolved : lookups) {
      members.put(resolved, snapshot(session, resolved, versions.get(resolved.dimension().qualifiedName())));
    }
    return members;
  }

  /** The members at {@code version}, read once per version and kept until a newer one is read. */
  private MemberSnapshot snapshot(SparkSession session, ResolvedLookup resolved, long version) {
    MemberSnapshot last = lastRead.get(resolved);
    if (last != null && last.version() == version) {
      return last;
    }
    MemberSnapshot read = MemberSnapshot.read(session, reader(session), resolved, version);
    if (last == null || version > last.version()) {
      lastRead.put(resolved, read);
    }
    return read;
  }

  private Dataset<Row> withLookups(
      SparkSession session, Dataset<Row> rows, Map<ResolvedLookup, MemberSnapshot> members) {
    Dataset<Row> prepared = rows;
    for (ResolvedLookup resolved : lookups) {
      prepared = FactLookups.attach(prepared, members.get(resolved).rows(session), resolved.lookup());
    }
    return prepared;
  }
}
