package dev.medallion.cli;

import dev.medallion.quality.SparkSqlChecker;
import dev.medallion.spec.PipelineSpec;
import dev.medallion.spec.SpecLoader;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --spec} option: the pipeline spec file, by default the seed's pipeline. */
final class SpecOptions {
  @Option(
      names = "--spec",
      paramLabel = "FILE",
      description = "Pipeline spec (YAML). Default: the built-in seed pipeline (specs/seed.yaml).")
  Path file;

  /** Loads and validates the spec before anything starts. */
  PipelineSpec load() {
    SparkSqlChecker checker = new SparkSqlChecker();
    return file == null ? SpecLoader.loadDefault(checker) : SpecLoader.load(file, checker);
  }
}
