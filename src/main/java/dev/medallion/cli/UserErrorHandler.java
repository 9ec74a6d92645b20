package dev.medallion.cli;

import dev.medallion.spec.MedallionException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Prints a failure as one paragraph: a {@link MedallionException} as its message, anything else as
 * an internal error with its root cause. The stack trace is printed only when {@code
 * MEDALLION_DEBUG} is set.
 */
final class UserErrorHandler implements IExecutionExceptionHandler {
  static final int INTERNAL_ERROR = 70;

  @Override
  public int handleExecutionException(
      Exception exception, CommandLine commandLine, ParseResult parseResult) {
    if (System.getenv("MEDALLION_DEBUG") != null) {
      exception.printStackTrace();
    }
    for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
      if (cause instanceof MedallionException medallion) {
        System.err.println("medallion: error: " + medallion.getMessage());
        return medallion.code().exitCode();
      }
    }
    Throwable root = exception;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    System.err.println(
        "medallion: internal error: "
            + root.getClass().getSimpleName()
            + ": "
            + root.getMessage()
            + "\nThis is a bug in Medallion; set MEDALLION_DEBUG=1 for the stack trace and report it.");
    return INTERNAL_ERROR;
  }
}
