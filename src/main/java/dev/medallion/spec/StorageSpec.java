package dev.medallion.spec;

import java.util.Optional;

/**
 * Where tables and checkpoints live. Both are optional: left out, they go under the Medallion home
 * folder ({@code HOME/tables}, {@code HOME/checkpoints}). A URI such as {@code
 * abfss://lake@account.dfs.core.windows.net/medallion} points a cluster run at cloud storage.
 */
public record StorageSpec(Optional<String> tables, Optional<String> checkpoints) {
  public StorageSpec {
    tables = tables == null ? Optional.empty() : tables;
    checkpoints = checkpoints == null ? Optional.empty() : checkpoints;
  }

  public static StorageSpec underHome() {
    return new StorageSpec(Optional.empty(), Optional.empty());
  }
}
