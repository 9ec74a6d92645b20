package dev.medallion.spec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The errors found in one spec file, collected so that all of them are reported together, and the
 * factory of the {@link ErrorCode#SPEC_INVALID} exceptions that report them.
 *
 * <p>Each error reads {@code FILE:LINE YAML.PATH: what is wrong (what to write instead)}.
 */
final class SpecErrors {
  private record Error(int line, String path, String message) {}

  private final String origin;
  private final List<Error> errors = new ArrayList<>();

  SpecErrors(String origin) {
    this.origin = origin;
  }

  /** Records an error at a 1-based line; {@code path} may be empty for the document itself. */
  void add(int line, String path, String message) {
    errors.add(new Error(line, path, message));
  }

  /**
   * How many errors were recorded so far; a reader compares counts to know if its part is sound.
   */
  int count() {
    return errors.size();
  }

  /**
   * Throws every recorded error, one per line, sorted by line (stable: same-line errors keep the
   * order they were found in).
   *
   * @throws MedallionException with {@link ErrorCode#SPEC_INVALID} when any error was recorded
   */
  void throwIfAny() {
    if (errors.isEmpty()) {
      return;
    }
    String message =
        errors.stream()
            .sorted(Comparator.comparingInt(Error::line))
            .map(this::format)
            .distinct()
            .collect(Collectors.joining("\n"));
    throw new MedallionException(ErrorCode.SPEC_INVALID, message);
  }

  private String format(Error error) {
    String where = origin + ":" + error.line();
    return error.path().isEmpty()
        ? where + ": " + error.message()
        : where + " " + error.path() + ": " + error.message();
  }

  /** The spec file could not be read at all. */
  static MedallionException unreadable(Path file, String reason, Throwable cause) {
    return new MedallionException(
        ErrorCode.SPEC_INVALID,
        "cannot read spec file "
            + file
            + ": "
            + reason
            + ". Pass --spec FILE with an existing YAML file, or leave --spec out to run the"
            + " built-in seed pipeline.",
        cause);
  }

  /** The built-in spec is missing from the class path: a packaging fault, not a user error. */
  static MedallionException defaultMissing(String resource) {
    return new MedallionException(
        ErrorCode.SPEC_INVALID,
        "the built-in seed spec "
            + resource
            + " is not on the class path; rebuild Medallion, or pass --spec FILE with a YAML"
            + " spec.");
  }
}
