package dev.medallion.gold;

import dev.medallion.ops.KernelReader;
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
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A dimension's current members at one version as a lookup reads them (key and looked-up
 * attributes, see {@link FactLookups#currentMembers}). Up to {@link #MAX_COLLECTED} members are
 * read into the driver once per version, through Delta Kernel (no Spark job; Spark when a column's
 * type is not one Kernel's reader converts): the fact's lookups then join a local relation, and
 * the members changed between two versions are found by comparing two maps instead of by Spark
 * jobs over the dimension. A larger dimension stays a Delta read and its changes are found in
 * full.
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

  /**
   * Reads the members of {@code resolved}'s dimension at {@code version}: through Delta Kernel in
   * the driver when the dimension's columns allow it, else by one Spark job.
   */
  static MemberSnapshot read(
      SparkSession session, KernelReader reader, FactTable.ResolvedLookup resolved, long version) {
    List<String> columns = new ArrayList<>();
    columns.add(resolved.dimension().key());
    columns.addAll(resolved.lookup().attributes());
    columns.add(DimensionColumns.CURRENT);
    Optional<KernelReader.Rows> read = reader.read(resolved.dimensionLocation(), version, columns);
    if (read.isPresent()) {
      return fromTable(resolved, version, read.get());
    }
    Dataset<Row> members = resolved.currentMembers(session, version);
    List<Row> rows = members.limit(MAX_COLLECTED + 1).collectAsList();
    if (rows.size() > MAX_COLLECTED) {
      return new MemberSnapshot(resolved, version, members.schema(), Optional.empty());
    }
    return new MemberSnapshot(resolved, version, members.schema(), Optional.of(byKey(rows)));
  }

  /** The current members among a dimension's rows (key, attributes, current flag). */
  private static MemberSnapshot fromTable(
      FactTable.ResolvedLookup resolved, long version, KernelReader.Rows table) {
    int current = table.schema().size() - 1;
    StructType schema = new StructType();
    StructField[] fields = table.schema().fields();
    schema = schema.add(FactLookups.memberKey(), fields[0].dataType(), true);
    List<String> attributes = resolved.lookup().attributes();
    for (int i = 0; i < attributes.size(); i++) {
      schema = schema.add(FactLookups.lookedUp(attributes.get(i)), fields[i + 1].dataType(), true);
    }
    List<Row> members = new ArrayList<>();
    for (Row row : table.rows()) {
      if (Boolean.TRUE.equals(row.get(current))) {
        Object[] values = new Object[current];
        for (int i = 0; i < current; i++) {
          values[i] = row.get(i);
        }
        members.add(new GenericRowWithSchema(values, schema));
      }
    }
    if (members.size() > MAX_COLLECTED) {
      return new MemberSnapshot(resolved, version, schema, Optional.empty());
    }
    return new MemberSnapshot(resolved, version, schema, Optional.of(byKey(members)));
  }

  private static Map<Object, Row> byKey(List<Row> rows) {
    Map<Object, Row> byKey = new HashMap<>(rows.size() * 2);
    for (Row row : rows) {
      byKey.put(row.get(0), row);
    }
    return byKey;
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
