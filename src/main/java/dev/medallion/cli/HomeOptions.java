package dev.medallion.cli;

import dev.medallion.ops.MedallionHome;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --home} option every command shares. */
final class HomeOptions {
  @Option(
      names = "--home",
      paramLabel = "DIR",
      defaultValue = "${env:MEDALLION_HOME:-.medallion}",
      description = "Folder holding all local state: Kafka log, tables, checkpoints (default: ${DEFAULT-VALUE}).")
  Path home;

  MedallionHome home() {
    return new MedallionHome(home);
  }
}
