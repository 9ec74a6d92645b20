package dev.medallion.gold;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;

import dev.medallion.spec.LookupSpec;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Brings dimension attributes into fact rows from the dimension's current versions. A row whose
 * member is not in the dimension yet keeps its place under the lookup's {@code unknown} value (an
 * inferred member): nothing is dropped by the join.
 */
final class FactLookups {
  private static final String LOOKED_UP = "_lookup_";

  private FactLookups() {}

  /**
   * The dimension's current rows at {@code version}: its key and the looked-up attributes, renamed
   * for joining.
   */
  static Dataset<Row> currentMembers(
      SparkSession session, String dimensionLocation, long version, String dimensionKey, LookupSpec lookup) {
    List<Column> columns = new ArrayList<>();
    columns.add(col(dimensionKey).as(memberKey()));
    lookup.attributes().forEach(a -> columns.add(col(a).as(lookedUp(a))));
    return session
        .read()
        .format("delta")
        .option("versionAsOf", version)
        .load(dimensionLocation)
        .filter(col(DimensionColumns.CURRENT))
        .select(columns.toArray(Column[]::new));
  }

  /** The column of {@link #currentMembers}' rows holding a looked-up attribute. */
  static String lookedUp(String attribute) {
    return LOOKED_UP + attribute;
  }

  /** The member key column of {@link #currentMembers}' rows. */
  static String memberKey() {
    return LOOKED_UP + "key";
  }

  /** {@code rows} with each looked-up attribute set from {@code members}, or to unknown. */
  static Dataset<Row> attach(Dataset<Row> rows, Dataset<Row> members, LookupSpec lookup) {
    Dataset<Row> joined =
        rows.join(members, rows.col(lookup.key()).equalTo(members.col(memberKey())), "left");
    for (String attribute : lookup.attributes()) {
      joined = joined.withColumn(attribute, coalesce(col(LOOKED_UP + attribute), lit(lookup.unknown())));
    }
    List<String> helpers = new ArrayList<>();
    helpers.add(memberKey());
    lookup.attributes().forEach(a -> helpers.add(LOOKED_UP + a));
    return joined.drop(helpers.toArray(String[]::new));
  }

  /** True where a stored row's attribute differs from the member's current one. */
  static Column attributesDiffer(LookupSpec lookup) {
    Column differs = lit(false);
    for (String attribute : lookup.attributes()) {
      differs =
          differs.or(
              not(col(attribute).eqNullSafe(coalesce(col(LOOKED_UP + attribute), lit(lookup.unknown())))));
    }
    return differs;
  }
}
