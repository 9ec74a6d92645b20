package dev.medallion.ingest.broker;

import dev.medallion.spec.ErrorCode;
import dev.medallion.spec.MedallionException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Builds the user-facing errors of this package: each names the Kafka address or folder involved
 * and says what to do next.
 */
public final class KafkaErrors {
  private static final String ADVICE =
      "Check that the broker is running and that --bootstrap is right,"
          + " or leave --bootstrap out to use the embedded broker.";

  private KafkaErrors() {}

  /** Nothing at {@code bootstrap} answered a Kafka request within {@code timeout}. */
  public static MedallionException unavailable(
      String bootstrap, Duration timeout, Throwable cause) {
    return new MedallionException(
        ErrorCode.KAFKA_UNAVAILABLE,
        "Kafka at " + bootstrap + " did not answer within " + describe(timeout) + ". " + ADVICE,
        cause);
  }

  /** Every address in {@code bootstrap} refused the TCP connection: nothing listens there. */
  public static MedallionException refused(String bootstrap) {
    return new MedallionException(
        ErrorCode.KAFKA_UNAVAILABLE,
        "Kafka at " + bootstrap + " refused the connection (nothing listens there). " + ADVICE);
  }

  /** Kafka answered but refused {@code action}, for example for lack of rights. */
  public static MedallionException rejected(String bootstrap, String action, Throwable cause) {
    return new MedallionException(
        ErrorCode.KAFKA_UNAVAILABLE,
        "Kafka at " + bootstrap + " refused to " + action + ": " + messageOf(cause) + ".",
        cause);
  }

  /** {@code topic} does not exist on the cluster at {@code bootstrap}. */
  public static MedallionException unknownTopic(String bootstrap, String topic) {
    return new MedallionException(
        ErrorCode.INPUT_UNREADABLE,
        "Topic '"
            + topic
            + "' does not exist on Kafka at "
            + bootstrap
            + ". Create it first (kafka-topics.sh --bootstrap-server "
            + bootstrap
            + " --create --topic "
            + topic
            + ") or produce records to it before reading it; this broker does not create"
            + " topics on first use.");
  }

  /** {@code topic} is not a legal Kafka topic name. */
  public static MedallionException invalidTopic(String topic, Throwable cause) {
    return new MedallionException(
        ErrorCode.USAGE,
        "'"
            + topic
            + "' is not a valid Kafka topic name: "
            + messageOf(cause)
            + ". Use up to 249 characters from a-z, A-Z, 0-9, '.', '_' and '-'.",
        cause);
  }

  /** The bootstrap list could not be parsed or resolved. */
  public static MedallionException badBootstrap(String bootstrap, Throwable cause) {
    return new MedallionException(
        ErrorCode.USAGE,
        "'"
            + bootstrap
            + "' is not a usable Kafka address: "
            + messageOf(cause)
            + ". Give --bootstrap as host:port, several separated by commas.",
        cause);
  }

  /**
   * A Kafka client refused its configuration: the bootstrap list, or one of the client properties
   * the user passed.
   */
  public static MedallionException badClientConfig(String bootstrap, Throwable failure) {
    Throwable cause = failure.getCause() == null ? failure : failure.getCause();
    String message = messageOf(cause);
    if (message.contains("bootstrap")) {
      return badBootstrap(bootstrap, cause);
    }
    return new MedallionException(
        ErrorCode.USAGE,
        "The Kafka client settings for " + bootstrap + " are invalid: " + message + ".",
        cause);
  }

  /** A caller passed an argument outside its range, such as zero partitions. */
  public static MedallionException badArgument(String message) {
    return new MedallionException(ErrorCode.USAGE, message);
  }

  /** The thread was interrupted while waiting for Kafka at {@code where} (address or folder). */
  public static MedallionException interrupted(String where, InterruptedException cause) {
    return new MedallionException(
        ErrorCode.KAFKA_UNAVAILABLE,
        "Interrupted while waiting for Kafka at " + where + ".",
        cause);
  }

  /** The embedded broker with its log under {@code folder} could not start. */
  public static MedallionException embeddedStartFailed(Path folder, Throwable cause) {
    return new MedallionException(
        ErrorCode.KAFKA_UNAVAILABLE,
        "Could not start the embedded Kafka broker with its log under "
            + folder
            + ": "
            + messageOf(cause)
            + ". If that folder holds no records you need, delete it to start with an empty log,"
            + " or pass --bootstrap to use another broker.",
        cause);
  }

  /** Another process owns the embedded broker of {@code folder}, but it does not answer. */
  public static MedallionException embeddedOwnerSilent(Path folder, Duration waited) {
    return new MedallionException(
        ErrorCode.KAFKA_UNAVAILABLE,
        "Another process runs the embedded Kafka broker of "
            + folder
            + " (it holds "
            + folder.resolve(FolderOwnership.LOCK_FILE)
            + "), but that broker did not answer within "
            + describe(waited)
            + ". Stop that process or wait for it to finish starting, then try again.");
  }

  /** The embedded broker's folder could not be created, locked or written. */
  public static MedallionException folderUnusable(Path folder, Throwable cause) {
    return new MedallionException(
        ErrorCode.INPUT_UNREADABLE,
        "Cannot use "
            + folder
            + " for the embedded Kafka broker: "
            + messageOf(cause)
            + ". Check that the folder is writable, or choose another home folder.",
        cause);
  }

  /** "5 s", "1.5 s" or "200 ms": the way our messages name a duration. */
  static String describe(Duration duration) {
    long millis = duration.toMillis();
    if (millis < 1000) {
      return millis + " ms";
    }
    if (millis % 1000 == 0) {
      return millis / 1000 + " s";
    }
    return String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0);
  }

  private static String messageOf(Throwable cause) {
    Throwable root = cause;
    while (root.getCause() != null && root.getMessage() == null) {
      root = root.getCause();
    }
    String message = root.getMessage();
    if (message == null) {
      return root.getClass().getSimpleName();
    }
    // our messages add their own full stop
    return message.endsWith(".") ? message.substring(0, message.length() - 1) : message;
  }
}
