package dev.medallion.spec;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The columns a reference may name at one point of a table's definition, in the order an error
 * lists them. Names compare ignoring case, as Spark resolves them.
 *
 * @param names the known columns; {@code null} only in {@link #anything()}
 * @param later columns that exist only after this step ({@code derive} entries further down), so
 *     that an error can say so instead of calling them unknown
 */
record ColumnScope(List<String> names, List<String> later) {
  private static final ColumnScope ANYTHING = new ColumnScope(null, List.of());

  ColumnScope {
    names = names == null ? null : List.copyOf(names);
    later = List.copyOf(later);
  }

  static ColumnScope of(Collection<String> names) {
    return new ColumnScope(List.copyOf(names), List.of());
  }

  /**
   * A scope that accepts every name: used where the table a scope would come from is itself
   * invalid, so that one mistake is reported once rather than once per column.
   */
  static ColumnScope anything() {
    return ANYTHING;
  }

  /** This scope with more columns after its own. */
  ColumnScope plus(Collection<String> more) {
    if (names == null) {
      return this;
    }
    List<String> all = new ArrayList<>(names);
    more.stream().filter(name -> !contains(name)).forEach(all::add);
    return new ColumnScope(all, later);
  }

  /** This scope, knowing which columns come into being after it. */
  ColumnScope before(Collection<String> laterColumns) {
    return names == null ? this : new ColumnScope(names, List.copyOf(laterColumns));
  }

  boolean contains(String column) {
    return names == null || names.stream().anyMatch(name -> name.equalsIgnoreCase(column));
  }

  /** {@code unknown column 'evnt_id' (did you mean 'event_id'? columns: event_id, ...)}. */
  String unknown(String column) {
    if (later.stream().anyMatch(name -> name.equalsIgnoreCase(column))) {
      return "column '"
          + column
          + "' does not exist yet at this step (standardize runs first,"
          + " then derive in the order written; define it above its first use)";
    }
    return "unknown column '"
        + column
        + "' ("
        + Suggestions.didYouMean(column, names)
        + "columns: "
        + String.join(", ", names)
        + ")";
  }
}
