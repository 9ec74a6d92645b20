package dev.medallion.ops;

import dev.medallion.spec.ViewSpec;
import io.delta.tables.DeltaTable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * Makes a pipeline's Delta tables queryable by their spec names ({@code silver.events}) in the
 * session's catalog. Tables are path-based Delta tables, so registering them is cheap and works in
 * every new process without a metastore.
 */
public final class PipelineCatalog {
  private final SparkSession spark;
  private final TableLocations locations;

  public PipelineCatalog(SparkSession spark, TableLocations locations) {
    this.spark = spark;
    this.locations = locations;
  }

  /**
   * Registers each of {@code tables} that exists on storage and returns the registered names;
   * tables not written yet are left out.
   */
  public List<String> registerExisting(List<String> tables) {
    List<String> registered = new ArrayList<>();
    java.util.Set<String> databases = new java.util.HashSet<>();
    for (String table : tables) {
      String location = locations.table(table);
      if (!DeltaTable.isDeltaTable(spark, location)) {
        continue;
      }
      String database = table.substring(0, table.indexOf('.'));
      if (databases.add(database)) {
        spark.sql("CREATE DATABASE IF NOT EXISTS " + database);
      }
      // tables are external (their data stays on drop): re-registering keeps a long-lived
      // session (a test's, a notebook's) pointing at this pipeline's location
      spark.sql("DROP TABLE IF EXISTS " + table);
      spark.sql(
          "CREATE TABLE "
              + table
              + " USING delta LOCATION '"
              + location.replace("\\", "\\\\").replace("'", "\\'")
              + "'");
      registered.add(table);
    }
    return registered;
  }

  /**
   * Creates (or replaces) the spec's views; a view whose tables do not exist yet is left out and
   * named in the returned list.
   */
  public List<String> registerViews(java.util.Collection<ViewSpec> views) {
    List<String> missing = new ArrayList<>();
    for (ViewSpec view : views) {
      try {
        spark.sql("CREATE OR REPLACE VIEW " + view.qualifiedName() + " AS " + view.sql());
      } catch (Exception e) {
        if (!(e instanceof org.apache.spark.sql.AnalysisException)) {
          throw e;
        }
        missing.add(view.qualifiedName());
      }
    }
    return missing;
  }
}
