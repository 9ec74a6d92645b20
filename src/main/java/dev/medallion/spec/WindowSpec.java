package dev.medallion.spec;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;

/**
 * Event-time windows per group with a watermark. A window without a watermark cannot be declared:
 * the loader asks for one. Records later than the watermark are counted as late, not lost.
 */
public record WindowSpec(
    String name,
    String from,
    String timeColumn,
    Duration size,
    Duration watermark,
    List<String> groupBy,
    List<MeasureSpec> measures) {
  public WindowSpec {
    requireNonNull(name, "name");
    requireNonNull(from, "from");
    requireNonNull(timeColumn, "timeColumn");
    requireNonNull(size, "size");
    requireNonNull(watermark, "watermark");
    groupBy = List.copyOf(requireNonNull(groupBy, "groupBy"));
    measures = List.copyOf(requireNonNull(measures, "measures"));
  }

  public String qualifiedName() {
    return "gold." + name;
  }

  /** The table receiving records later than the watermark: {@code gold.<name>_late}. */
  public String lateTableName() {
    return qualifiedName() + "_late";
  }
}
