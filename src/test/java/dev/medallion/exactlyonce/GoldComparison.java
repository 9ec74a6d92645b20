package dev.medallion.exactlyonce;

import dev.medallion.quality.Accounting;
import dev.medallion.spec.PipelineSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.assertj.core.api.SoftAssertions;

/** How the exactly-once tests compare the tables of two runs, and a dimension's versions. */
final class GoldComparison {
  private GoldComparison() {}

  /**
   * Asserts that {@code recovered} holds gold as {@code uninterrupted} does, and silver as far as
   * ingestion times allow.
   */
  static void assertSameAs(PipelineSpec spec, GoldContents recovered, GoldContents uninterrupted) {
    SoftAssertions softly = new SoftAssertions();
    for (String table : GoldContents.COMPARED_IN_FULL) {
      assertSameRows(softly, table, recovered.rows(table), uninterrupted.rows(table));
    }
    for (String table : List.of("silver.events", "silver.events_quarantine", "silver.customers")) {
      softly.assertThat(recovered.count(table)).as("rows of " + table).isEqualTo(uninterrupted.count(table));
    }
    softly.assertThat(recovered.silverEventIds()).as("event ids in silver.events")
        .isEqualTo(uninterrupted.silverEventIds());
    for (String silver : spec.silver().keySet()) {
      Accounting accounting = recovered.accounting(silver);
      softly.assertThat(accounting.holds()).as(accounting.describe()).isTrue();
      softly.assertThat(accounting.pending()).as(accounting.describe()).isZero();
      softly.assertThat(accounting).as("accounting of silver." + silver).isEqualTo(uninterrupted.accounting(silver));
    }
    softly.assertThat(recovered.windowedEvents())
        .as("events in gold.customer_activity_5m plus its late table")
        .isEqualTo(recovered.count("silver.events"));
    softly.assertAll();
  }

  /** Reports rows missing and rows in excess, rather than two lists of thousands of rows. */
  static void assertSameRows(SoftAssertions softly, String what, List<String> actual, List<String> expected) {
    softly.assertThat(difference(expected, actual)).as(what + ": rows missing").isEmpty();
    softly.assertThat(difference(actual, expected)).as(what + ": rows in excess").isEmpty();
  }

  /** The elements of {@code from} not matched one for one in {@code minus}. */
  private static List<String> difference(List<String> from, List<String> minus) {
    Map<String, Integer> remaining = new HashMap<>();
    minus.forEach(row -> remaining.merge(row, 1, Integer::sum));
    List<String> left = new ArrayList<>();
    for (String row : from) {
      if (remaining.getOrDefault(row, 0) > 0) {
        remaining.merge(row, -1, Integer::sum);
      } else {
        left.add(row);
      }
    }
    return left;
  }

  /** Pairs of versions of one customer whose intervals overlap; rows as {@link GoldContents#dimCustomer()}. */
  static List<String> overlappingVersions(List<String> dimension) {
    Map<String, List<String[]>> byCustomer =
        dimension.stream().map(row -> row.split("\\|")).collect(Collectors.groupingBy(fields -> fields[0]));
    List<String> overlaps = new ArrayList<>();
    byCustomer.forEach(
        (customer, versions) -> {
          for (String[] a : versions) {
            for (String[] b : versions) {
              Instant start = Instant.parse(a[3]);
              Instant otherStart = Instant.parse(b[3]);
              boolean open = a[4].equals("null") || otherStart.isBefore(Instant.parse(a[4]));
              if (a != b && !otherStart.isBefore(start) && open) {
                overlaps.add(String.join("|", a) + " overlaps " + String.join("|", b));
              }
            }
          }
        });
    return overlaps;
  }
}
