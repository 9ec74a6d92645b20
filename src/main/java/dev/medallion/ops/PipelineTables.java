package dev.medallion.ops;

import dev.medallion.spec.PipelineSpec;
import java.util.ArrayList;
import java.util.List;

/** The qualified names of every table a pipeline writes, in data-flow order. */
public final class PipelineTables {
  private PipelineTables() {}

  /** bronze tables, silver tables each followed by its quarantine, gold tables, then metrics. */
  public static List<String> of(PipelineSpec spec) {
    List<String> names = new ArrayList<>();
    spec.bronze().values().forEach(table -> names.add(table.qualifiedName()));
    spec.silver()
        .values()
        .forEach(
            table -> {
              names.add(table.qualifiedName());
              names.add(table.quarantineName());
            });
    spec.gold().dimensions().values().forEach(table -> names.add(table.qualifiedName()));
    spec.gold().facts().values().forEach(table -> names.add(table.qualifiedName()));
    spec.gold()
        .windows()
        .values()
        .forEach(
            table -> {
              names.add(table.qualifiedName());
              names.add(table.lateTableName());
            });
    names.add(PipelineMetrics.TABLE);
    return List.copyOf(names);
  }
}
