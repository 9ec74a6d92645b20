package dev.medallion.cli;

import dev.medallion.ops.TableLocations;
import dev.medallion.ops.PipelineTables;
import dev.medallion.quality.Accounting;
import dev.medallion.quality.AccountingCheck;
import dev.medallion.spec.Durations;
import dev.medallion.spec.SilverTableSpec;
import dev.medallion.spec.WindowSpec;
import io.delta.tables.DeltaTable;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code medallion status}: per table its rows and version, then the accounting invariant. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = {
      "Show tables (rows, version) and check the accounting invariant.",
      "%nInvariant: rows in bronze = rows in silver + rows in quarantine + duplicates removed."
          + " Exits with 1 when it is violated."
    })
final class StatusCommand implements Callable<Integer> {
  @Mixin HomeOptions homeOptions;
  @Mixin SpecOptions specOptions;

  @Override
  public Integer call() {
    try (Environment environment =
        new Environment(homeOptions.home(), specOptions.load(), new KafkaOptions(), System.out)) {
      PrintStream out = System.out;
      SparkSession spark = environment.spark();
      TableLocations locations = environment.locations();
      out.printf("pipeline %s, home %s%n%n", environment.spec().name(), environment.home().root());
      out.printf("%-36s %14s %9s%n", "table", "rows", "version");
      for (String table : PipelineTables.of(environment.spec())) {
        String location = locations.table(table);
        if (!DeltaTable.isDeltaTable(spark, location)) {
          out.printf("%-36s %14s %9s%n", table, "-", "(none yet)");
          continue;
        }
        long rows = spark.read().format("delta").load(location).count();
        long version =
            DeltaTable.forPath(spark, location).history(1).select("version").first().getLong(0);
        out.printf("%-36s %,14d %9d%n", table, rows, version);
      }
      out.println();
      boolean allHold = true;
      AccountingCheck check = new AccountingCheck(spark, locations);
      for (SilverTableSpec silver : environment.spec().silver().values()) {
        Accounting accounting = check.of(silver);
        allHold &= accounting.holds();
        out.println("invariant " + silver.qualifiedName() + ": " + accounting.describe());
      }
      for (WindowSpec window : environment.spec().gold().windows().values()) {
        String late = locations.table(window.lateTableName());
        long rows =
            DeltaTable.isDeltaTable(spark, late) ? spark.read().format("delta").load(late).count() : 0;
        out.printf(
            "late %s: %,d record(s) arrived after the %s watermark; kept in %s%n",
            window.qualifiedName(), rows, Durations.format(window.watermark()), window.lateTableName());
      }
      return allHold ? 0 : 1;
    }
  }
}
