package dev.medallion.exactlyonce;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.sum;

import dev.medallion.ops.MedallionHome;
import dev.medallion.ops.TableLocations;
import dev.medallion.quality.Accounting;
import dev.medallion.quality.AccountingCheck;
import dev.medallion.spec.PipelineSpec;
import dev.medallion.testing.SharedSpark;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** The tables of one home folder, read with the test's Spark session and rendered for comparison. */
final class GoldContents {
  static final List<String> COMPARED_IN_FULL =
      List.of("gold.dim_customer", "gold.fact_events", "gold.fact_customer_metrics");
  private static final String AGGREGATION_TIMESTAMP = "aggregation_timestamp";

  private final PipelineSpec spec;
  private final TableLocations locations;

  GoldContents(PipelineSpec spec, Path home) {
    this.spec = spec;
    this.locations = new MedallionHome(home).locations(spec.storage());
  }

  Dataset<Row> table(String name) {
    return SharedSpark.session().read().format("delta").load(locations.table(name));
  }

  /**
   * Every row as {@link Row#toString}, sorted; without the time of the MERGE that wrote it, which
   * differs between runs by nature.
   */
  List<String> rows(String name) {
    Dataset<Row> table = table(name);
    if (List.of(table.columns()).contains(AGGREGATION_TIMESTAMP)) {
      table = table.drop(AGGREGATION_TIMESTAMP);
    }
    return table.collectAsList().stream().map(Row::toString).sorted().collect(Collectors.toList());
  }

  long count(String name) {
    return table(name).count();
  }

  Set<String> silverEventIds() {
    return table("silver.events").select("event_id").collectAsList().stream()
        .map(row -> row.getString(0))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /** Every silver event in a window or in the window's late table. */
  long windowedEvents() {
    Row windowed = table("gold.customer_activity_5m").agg(sum("event_count")).first();
    return (windowed.isNullAt(0) ? 0 : windowed.getLong(0)) + count("gold.customer_activity_5m_late");
  }

  Accounting accounting(String silverTable) {
    return new AccountingCheck(SharedSpark.session(), locations).of(spec.silver().get(silverTable));
  }

  /** As {@link ExpectedGold#factEvents()} renders it. */
  List<String> factEvents() {
    return table("gold.fact_events").collectAsList().stream()
        .map(
            row ->
                String.join(
                    "|",
                    text(row, "event_date"),
                    text(row, "customer_id"),
                    text(row, "event_type"),
                    text(row, "event_count"),
                    text(row, "unique_events"),
                    text(row, "first_event_time"),
                    text(row, "last_event_time")))
        .sorted()
        .collect(Collectors.toList());
  }

  /** As {@link ExpectedGold#factCustomerMetrics()} renders it. */
  List<String> factCustomerMetrics() {
    return table("gold.fact_customer_metrics").collectAsList().stream()
        .map(
            row ->
                String.join(
                    "|",
                    text(row, "customer_tier"),
                    text(row, "event_date"),
                    text(row, "customer_id"),
                    text(row, "event_count"),
                    text(row, "purchase_count"),
                    text(row, "total_revenue")))
        .sorted()
        .collect(Collectors.toList());
  }

  /** As {@link ExpectedGold#dimCustomer()} renders it. */
  List<String> dimCustomer() {
    return table("gold.dim_customer").collectAsList().stream()
        .map(
            row ->
                String.join(
                    "|",
                    text(row, "customer_id"),
                    text(row, "customer_name"),
                    text(row, "customer_tier"),
                    text(row, "start_date"),
                    text(row, "end_date"),
                    text(row, "is_current")))
        .sorted()
        .collect(Collectors.toList());
  }

  long sumOfLongs(String name, String column) {
    Row total = table(name).agg(sum(col(column))).first();
    return total.isNullAt(0) ? 0 : total.getLong(0);
  }

  BigDecimal sumOfDecimals(String name, String column) {
    Row total = table(name).agg(sum(col(column))).first();
    return total.isNullAt(0) ? BigDecimal.ZERO : total.getDecimal(0);
  }

  /** A value as text: timestamps as ISO instants, decimals with their scale, dates as ISO dates. */
  private static String text(Row row, String column) {
    Object value = row.get(row.fieldIndex(column));
    if (value instanceof Timestamp timestamp) {
      return timestamp.toInstant().toString();
    }
    if (value instanceof java.sql.Date date) {
      return date.toLocalDate().toString();
    }
    if (value instanceof BigDecimal decimal) {
      return decimal.setScale(2).toPlainString();
    }
    return String.valueOf(value);
  }
}
