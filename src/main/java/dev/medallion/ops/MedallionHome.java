package dev.medallion.ops;

import static java.util.Objects.requireNonNull;

import dev.medallion.spec.StorageSpec;
import java.nio.file.Path;

/**
 * The one folder holding all state of a local run: Kafka's log, Delta tables, checkpoints and the
 * Spark warehouse. A spec's {@code storage} section may move tables and checkpoints elsewhere
 * (cloud storage on a cluster).
 */
public record MedallionHome(Path root) {
  public MedallionHome {
    root = requireNonNull(root, "root").toAbsolutePath().normalize();
  }

  public Path kafka() {
    return root.resolve("kafka");
  }

  public Path warehouse() {
    return root.resolve("warehouse");
  }

  /** Where a pipeline's tables and checkpoints go: the spec's storage, else under this home. */
  public TableLocations locations(StorageSpec storage) {
    return new TableLocations(
        storage.tables().orElse(root.resolve("tables").toString()),
        storage.checkpoints().orElse(root.resolve("checkpoints").toString()));
  }
}
