package dev.medallion.ingest.generator;

import dev.medallion.spec.ErrorCode;
import dev.medallion.spec.MedallionException;
import java.nio.file.Path;

/** The user-facing errors of the generators and of {@link JsonLinesFile}. */
final class GeneratorErrors {
  private GeneratorErrors() {}

  static MedallionException notAtLeast(String option, long minimum, long value) {
    return new MedallionException(
        ErrorCode.USAGE,
        option
            + " must be at least "
            + minimum
            + ", got "
            + value
            + ". Pass "
            + option
            + " "
            + minimum
            + " or more.");
  }

  static MedallionException dirtyFractionOutOfRange(double value) {
    return new MedallionException(
        ErrorCode.USAGE,
        "--dirty must be between 0 and 1, got "
            + value
            + ". Pass the fraction of dirty records, e.g. --dirty 0.05 for 5%.");
  }

  static MedallionException fileUnreadable(Path path, String reason, Throwable cause) {
    return new MedallionException(
        ErrorCode.INPUT_UNREADABLE,
        "cannot read "
            + path
            + ": "
            + reason
            + ". Pass a path to a JSON-lines file (one event per line).",
        cause);
  }
}
