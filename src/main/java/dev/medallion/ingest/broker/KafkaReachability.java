package dev.medallion.ingest.broker;

import java.time.Duration;
import java.util.Map;

/** Checks, before a long job starts, that a Kafka cluster answers at a bootstrap address. */
public final class KafkaReachability {
  /** How long {@link #check(String, Map)} waits for an answer. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

  private KafkaReachability() {}

  /** Same as {@link #check(String, Map, Duration)} with {@link #DEFAULT_TIMEOUT}. */
  public static void check(String bootstrap, Map<String, Object> clientProperties) {
    check(bootstrap, clientProperties, DEFAULT_TIMEOUT);
  }

  /**
   * Returns once the cluster at {@code bootstrap} reports at least one live broker; never waits
   * much longer than {@code timeout}.
   *
   * <p>When every bootstrap address refuses the TCP connection (nothing listens there) it fails at
   * once instead of waiting for the timeout.
   *
   * @param clientProperties extra client settings such as security; may be empty
   * @throws dev.medallion.spec.MedallionException {@code KAFKA_UNAVAILABLE} naming {@code
   *     bootstrap} when nothing answers in time or the connection is refused; {@code USAGE} when
   *     {@code bootstrap} is not a list of {@code host:port}
   */
  public static void check(
      String bootstrap, Map<String, Object> clientProperties, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    ConnectionProbe.failIfAllRefused(bootstrap);
    Duration left = Duration.ofNanos(Math.max(deadline - System.nanoTime(), 1_000_000));
    try (BoundedAdmin admin = BoundedAdmin.open(bootstrap, clientProperties, left, timeout)) {
      while (admin.aliveBrokers().isEmpty()) {
        // a cluster whose only broker is still fenced answers with no nodes
        if (System.nanoTime() > deadline) {
          throw KafkaErrors.unavailable(bootstrap, timeout, null);
        }
        pause(bootstrap);
      }
    }
  }

  private static void pause(String bootstrap) {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw KafkaErrors.interrupted(bootstrap, e);
    }
  }
}
