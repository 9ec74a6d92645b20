package dev.medallion.spec;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The columns a reference may name at one point of a table's definition, in the order an error
 * lists them. Names compare ignoring case, as Spark resolves them.
 *
 * @param names the known columns; {@code null} only in {@link #anything()}
 */
record ColumnScope(List<String> names) {
  private static final ColumnScope ANYTHING = new ColumnScope(null);

  ColumnScope {
    names = names == null ? null : List.copyOf(names);
  }

  static ColumnScope of(Collection<String> names) {
    return new ColumnScope(List.copyOf(names));
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
    return new ColumnScope(all);
  }

  boolean contains(String column) {
    return names == null || names.stream().anyMatch(name -> name.equalsIgnoreCase(column));
  }

  /** {@code unknown column 'evnt_id' (did you mean 'event_id'? columns: event_id, ...)}. */
  String unknown(String column) {
    return "unknown column '"
        + column
        + "' ("
        + Suggestions.didYouMean(column, names)
        + "columns: "
        + String.join(", ", names)
        + ")";
  }
}
