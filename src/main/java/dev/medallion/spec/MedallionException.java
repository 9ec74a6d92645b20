package dev.medallion.spec;

import static java.util.Objects.requireNonNull;

/**
 * A failure the user can act on: a bad spec, an unknown table, a Kafka address that does not
 * answer. The message says what is wrong, where, and what to do; the CLI prints it as one
 * paragraph with no stack trace and exits with a non-zero code.
 */
public final class MedallionException extends RuntimeException {
  private final ErrorCode code;

  public MedallionException(ErrorCode code, String message) {
    super(requireNonNull(message, "message"));
    this.code = requireNonNull(code, "code");
  }

  public MedallionException(ErrorCode code, String message, Throwable cause) {
    super(requireNonNull(message, "message"), cause);
    this.code = requireNonNull(code, "code");
  }

  public ErrorCode code() {
    return code;
  }
}
