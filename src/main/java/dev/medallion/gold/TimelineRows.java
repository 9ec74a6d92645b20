package dev.medallion.gold;

import dev.medallion.spec.DimensionSpec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.CatalystTypeConverters;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.catalyst.expressions.XxHash64Function;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * {@link DimensionTimeline}'s computation over rows held in the driver, for a dimension held there
 * ({@link ResidentTable}): the same rows, surrogate keys included, without the Spark job (two
 * shuffles for its windows) that costs a customers batch of a few thousand changes most of its
 * second. Each member's versions are ordered by effective time; of versions starting at the same
 * time the stored one wins, then the smallest hash; a version with its predecessor's attributes
 * collapses into it; each ends where the next begins.
 */
final class TimelineRows {
  /** Spark's seed for {@code xxhash64}. */
  private static final long HASH_SEED = 42;

  private final DimensionSpec spec;
  private final StructType schema;
  private final DataType keyType;
  private final int key;
  private final int[] tracked;
  private final int start;
  private final int end;
  private final int current;
  private final int hash;
  private final int surrogate;

  /** A timeline of {@code spec}'s dimension, whose table has {@code schema}. */
  TimelineRows(DimensionSpec spec, StructType schema) {
    DimensionColumns columns = new DimensionColumns(spec);
    this.spec = spec;
    this.schema = schema;
    this.key = schema.fieldIndex(spec.key());
    this.keyType = schema.fields()[key].dataType();
    this.tracked = spec.tracked().stream().mapToInt(schema::fieldIndex).toArray();
    this.start = schema.fieldIndex(DimensionColumns.START);
    this.end = schema.fieldIndex(DimensionColumns.END);
    this.current = schema.fieldIndex(DimensionColumns.CURRENT);
    this.hash = schema.fieldIndex(columns.hash());
    this.surrogate = schema.fieldIndex(columns.surrogateKey());
  }

  /**
   * The rebuilt rows (of the table's schema) of every member in {@code incoming}: its full history
   * for type 2, its one latest row for type 1.
   *
   * @param stored the table's rows of those members
   * @param incoming versions as {@link DimensionTimeline#incomingVersions} gives them (key,
   *     tracked attributes, start, hash)
   */
  List<Row> rebuild(List<Row> stored, List<Row> incoming) {
    Map<Object, List<Version>> byMember = new LinkedHashMap<>();
    for (Row row : stored) {
      Object[] attributes = new Object[tracked.length];
      for (int i = 0; i < tracked.length; i++) {
        attributes[i] = row.get(tracked[i]);
      }
      add(byMember, Version.of(row.get(key), attributes, row.get(start), row.getString(hash), 0));
    }
    int incomingStart = 1 + tracked.length;
    for (Row row : incoming) {
      Object[] attributes = new Object[tracked.length];
      for (int i = 0; i < tracked.length; i++) {
        attributes[i] = row.get(1 + i);
      }
      add(byMember, Version.of(row.get(0), attributes, row.get(incomingStart), row.getString(incomingStart + 1), 1));
    }
    List<Row> rows = new ArrayList<>();
    for (List<Version> versions : byMember.values()) {
      List<Version> kept = changes(versions);
      if (spec.type() == DimensionSpec.ScdType.TYPE2) {
        for (int i = 0; i < kept.size(); i++) {
          rows.add(row(kept.get(i), i + 1 < kept.size() ? kept.get(i + 1) : null));
        }
      } else {
        rows.add(row(kept.get(kept.size() - 1), null));
      }
    }
    return rows;
  }

  private static void add(Map<Object, List<Version>> byMember, Version version) {
    byMember.computeIfAbsent(version.key(), member -> new ArrayList<>()).add(version);
  }

  /** One version per start, in time order, each differing from the one before. */
  private static List<Version> changes(List<Version> versions) {
    versions.sort(
        Comparator.comparingLong(Version::startMicros)
            .thenComparingInt(Version::rank)
            .thenComparing(Version::hash));
    List<Version> kept = new ArrayList<>();
    Version previous = null;
    for (Version version : versions) {
      if (previous != null && previous.startMicros() == version.startMicros()) {
        continue;
      }
      if (previous == null || !previous.hash().equals(version.hash())) {
        kept.add(version);
      }
      previous = version;
    }
    return kept;
  }

  private Row row(Version version, Version next) {
    Object[] values = new Object[schema.size()];
    values[key] = version.key();
    for (int i = 0; i < tracked.length; i++) {
      values[tracked[i]] = version.attributes()[i];
    }
    values[start] = version.start();
    values[end] = next == null ? null : next.start();
    values[current] = next == null;
    values[hash] = version.hash();
    long surrogateKey = XxHash64Function.hash(CatalystTypeConverters.convertToCatalyst(version.key()), keyType, HASH_SEED);
    if (spec.type() == DimensionSpec.ScdType.TYPE2) {
      surrogateKey = XxHash64Function.hash(version.startMicros(), DataTypes.TimestampType, surrogateKey);
    }
    values[surrogate] = surrogateKey;
    return new GenericRowWithSchema(values, schema);
  }

  /** A version of a member; {@code rank} 0 when stored, 1 when incoming. */
  private record Version(Object key, Object[] attributes, Object start, long startMicros, String hash, int rank) {
    static Version of(Object key, Object[] attributes, Object start, String hash, int rank) {
      long micros = (Long) CatalystTypeConverters.convertToCatalyst(start);
      return new Version(key, attributes, start, micros, hash, rank);
    }
  }
}
