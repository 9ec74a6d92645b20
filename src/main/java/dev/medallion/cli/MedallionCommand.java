package dev.medallion.cli;

import picocli.CommandLine.Command;

/** The top-level command: lists the subcommands. */
@Command(
    name = "medallion",
    mixinStandardHelpOptions = true,
    version = "medallion 0.1.0",
    description = {
      "Real-time bronze -> silver -> gold lakehouse pipeline on Spark Structured Streaming,"
          + " Delta Lake and Kafka. All local state lives under --home (default ./.medallion).",
      "%nStart with:       medallion demo",
      "Or step by step:  medallion produce --count 100000 --dirty 0.05 --seed 7",
      "                  medallion run --once",
      "                  medallion status",
      "                  medallion sql \"SELECT * FROM silver.events LIMIT 5\"",
      ""
    },
    usageHelpAutoWidth = true,
    subcommands = {
      BenchCommand.class,
      DemoCommand.class,
      ProduceCommand.class,
      RunCommand.class,
      SqlCommand.class,
      StatusCommand.class,
    })
final class MedallionCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
