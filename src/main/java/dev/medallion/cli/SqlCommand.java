package dev.medallion.cli;

import dev.medallion.ops.PipelineCatalog;
import dev.medallion.ops.PipelineTables;
import dev.medallion.spec.ErrorCode;
import dev.medallion.spec.MedallionException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code medallion sql}: Spark SQL over the pipeline's tables by their spec names. */
@Command(
    name = "sql",
    mixinStandardHelpOptions = true,
    description = {
      "Run Spark SQL over the pipeline's tables by their spec names.",
      "%nTables: bronze.events, silver.events, silver.events_quarantine, gold.*,"
          + " ops.batch_metrics, ...",
      "%nExample: medallion sql \"SELECT event_type, count(*) FROM silver.events GROUP BY 1\""
    })
final class SqlCommand implements Callable<Integer> {
  @Mixin HomeOptions homeOptions;
  @Mixin SpecOptions specOptions;

  @Parameters(paramLabel = "QUERY", description = "The SQL statement.")
  String query;

  @Option(
      names = "--format",
      defaultValue = "table",
      description = "Output: table, csv or json (default: ${DEFAULT-VALUE}).")
  TablePrinter.Format format;

  @Option(
      names = "--limit",
      defaultValue = "1000",
      description = "Print at most this many rows (default: ${DEFAULT-VALUE}).")
  int limit;

  @Override
  public Integer call() {
    try (Environment environment =
        new Environment(homeOptions.home(), specOptions.load(), new KafkaOptions(), System.out)) {
      List<String> known = PipelineTables.of(environment.spec());
      PipelineCatalog catalog = new PipelineCatalog(environment.spark(), environment.locations());
      List<String> registered = new ArrayList<>(catalog.registerExisting(known));
      List<String> viewsNotReady = catalog.registerViews(environment.spec().gold().views().values());
      environment.spec().gold().views().values().stream()
          .map(view -> view.qualifiedName())
          .filter(view -> !viewsNotReady.contains(view))
          .forEach(registered::add);
      Dataset<Row> result;
      List<Row> rows;
      try {
        result = environment.spark().sql(query);
        rows = result.limit(limit).collectAsList();
      } catch (Exception e) {
        if (e instanceof AnalysisException analysis) {
          throw translate(analysis, registered);
        }
        throw e;
      }
      TablePrinter.print(result.schema(), rows, format, System.out);
      return 0;
    }
  }

  private static MedallionException translate(AnalysisException error, List<String> registered) {
    String message = error.getMessage().lines().findFirst().orElse(error.getMessage()).replaceAll("\\.+$", "");
    String tables =
        registered.isEmpty()
            ? "none yet: run `medallion produce` then `medallion run --once` first"
            : String.join(", ", registered);
    if ("TABLE_OR_VIEW_NOT_FOUND".equals(error.getCondition())) {
      return new MedallionException(
          ErrorCode.TABLE_NOT_FOUND, message + ". Tables you can query: " + tables + ".");
    }
    return new MedallionException(
        ErrorCode.SQL_FAILED, "the query failed: " + message + ". Tables you can query: " + tables + ".");
  }
}
