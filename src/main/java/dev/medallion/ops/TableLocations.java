package dev.medallion.ops;

import static java.util.Objects.requireNonNull;

/**
 * Maps a qualified table name ({@code silver.events}) to its Delta location and a stream name to
 * its checkpoint. Roots are URIs ({@code file:/...}, {@code abfss://...}).
 */
public record TableLocations(String tablesRoot, String checkpointsRoot) {
  public TableLocations {
    tablesRoot = trimSlash(requireNonNull(tablesRoot, "tablesRoot"));
    checkpointsRoot = trimSlash(requireNonNull(checkpointsRoot, "checkpointsRoot"));
  }

  /** The Delta table location of {@code layer.name}. */
  public String table(String qualifiedName) {
    return tablesRoot + "/" + qualifiedName.replace('.', '/');
  }

  /** The checkpoint folder of the stream that writes {@code qualifiedName}. */
  public String checkpoint(String qualifiedName) {
    return checkpointsRoot + "/" + qualifiedName.replace('.', '/');
  }

  private static String trimSlash(String uri) {
    return uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
  }
}
