package dev.medallion.gold;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * A dimension's current members at one version as a lookup reads them (key and looked-up
 * attributes, see {@link FactLookups#currentMembers}). Up to {@link #MAX_COLLECTED} members are
 * collected to the driver once per version: the fact's lookups then join a local relation (no
 * scan of the dimension's files in every pass of the MERGE), and the members changed between two
 * versions are found by comparing two maps instead of by Spark jobs over the dimension. A larger
 * dimension stays a Delta read and its changes are found in full.
 */
final class MemberSnapshot {
  /** Members collected to the driver at most; ~100 bytes each. */
  static final int MAX_COLLECTED = 200_000;

  private final FactTable.ResolvedLookup resolved;
  private final long version;
  private final StructType schema;
  private final Optional<Map<Object, Row>> collected;

  private MemberSnapshot(
      FactTable.ResolvedLookup resolved, long version, StructType schema, Optional<Map<Object, Row>> collected) {
    this.resolved = resolved;
    this.version = version;
    this.schema = schema;
    this.collected = collected;
  }

  /** Reads the members of {@code resolved}'s dimension at {@code version} (one Spark job). */
  static MemberSnapshot read(SparkSession session, FactTable.ResolvedLookup resolved, long version) {
    Dataset<Row> members = resolved.currentMembers(session, version);
    List<Row> rows = members.limit(MAX_COLLECTED + 1).collectAsList();
    if (rows.size() > MAX_COLLECTED) {
      return new MemberSnapshot(resolved, version, members.schema(), Optional.empty());
    }
    Map<Object, Row> byKey = new HashMap<>(rows.size() * 2);
    for (Row row : rows) {
      byKey.put(row.get(0), row);
    }
    return new MemberSnapshot(resolved, version, members.schema(), Optional.of(byKey));
  }

  long version() {
    return version;
  }

  /** The members, a local relation when collected. */
  Dataset<Row> rows(SparkSession session) {
    return collected
        .map(byKey -> session.createDataFrame(new ArrayList<>(byKey.values()), schema))
        .orElseGet(() -> resolved.currentMembers(session, version));
  }

  /**
   * Keys of members whose looked-up attributes differ from {@code older}'s (members added or
   * gone included); empty when either snapshot was too large to collect.
   */
  Optional<List<Object>> changedSince(MemberSnapshot older) {
    if (collected.isEmpty() || older.collected.isEmpty()) {
      return Optional.empty();
    }
    Map<Object, Row> now = collected.get();
    Map<Object, Row> before = older.collected.get();
    Set<Object> changed = new HashSet<>();
    now.forEach(
        (key, row) -> {
          if (!row.equals(before.get(key))) {
            changed.add(key);
          }
        });
    before.keySet().stream().filter(key -> !now.containsKey(key)).forEach(changed::add);
    return Optional.of(new ArrayList<>(changed));
  }

  /** The type of the member key column. */
  StructType keySchema() {
    return new StructType().add(schema.fields()[0]);
  }
}
