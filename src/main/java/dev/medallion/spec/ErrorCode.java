package dev.medallion.spec;

/** The kinds of user-facing failure, each with the process exit code the CLI returns for it. */
public enum ErrorCode {
  /** The spec file is missing, unreadable or invalid. */
  SPEC_INVALID(2),
  /** A command was called with arguments that do not make sense together. */
  USAGE(2),
  /** Kafka did not answer, or refused the request. */
  KAFKA_UNAVAILABLE(3),
  /** A table the user named does not exist (yet). */
  TABLE_NOT_FOUND(4),
  /** A SQL statement given by the user failed to parse or run. */
  SQL_FAILED(4),
  /** An input file could not be read. */
  INPUT_UNREADABLE(5),
  /** A quality rule whose action is {@code fail} was violated: the stream stopped on purpose. */
  QUALITY_FAILURE(6),
  /** The pipeline stopped on an error it could not handle. */
  PIPELINE_FAILED(7);

  private final int exitCode;

  ErrorCode(int exitCode) {
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }
}
