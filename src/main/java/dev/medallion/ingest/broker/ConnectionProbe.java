package dev.medallion.ingest.broker;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import org.apache.kafka.common.utils.Utils;

/**
 * Tells within milliseconds whether nothing listens at any bootstrap address, which the Kafka
 * clients only report after their full timeout.
 */
final class ConnectionProbe {
  private static final Duration MAX_CONNECT_WAIT = Duration.ofMillis(500);

  private ConnectionProbe() {}

  /**
   * Opens and closes one TCP connection per bootstrap address.
   *
   * @throws dev.medallion.spec.MedallionException {@code KAFKA_UNAVAILABLE} when every address
   *     refused the connection; {@code USAGE} when an entry is not {@code host:port}. An address
   *     that resolves to nothing, or that does not answer within 500 ms, counts as inconclusive:
   *     the Kafka client's own timeout decides then.
   */
  static void failIfAllRefused(String bootstrap) {
    boolean allRefused = true;
    for (String entry : bootstrap.split(",")) {
      String address = entry.trim();
      String host = Utils.getHost(address);
      Integer port = Utils.getPort(address);
      if (host == null || port == null) {
        throw KafkaErrors.badBootstrap(
            bootstrap, new IllegalArgumentException("'" + address + "' is not host:port"));
      }
      allRefused &= refuses(new InetSocketAddress(host, port));
    }
    if (allRefused) {
      throw KafkaErrors.refused(bootstrap);
    }
  }

  private static boolean refuses(InetSocketAddress address) {
    if (address.isUnresolved()) {
      return false;
    }
    try (Socket socket = new Socket()) {
      socket.connect(address, (int) MAX_CONNECT_WAIT.toMillis());
      return false;
    } catch (ConnectException failed) {
      // "Network is unreachable" is a ConnectException too; only a refusal is conclusive
      String message = failed.getMessage();
      return message != null && message.toLowerCase(java.util.Locale.ROOT).contains("refused");
    } catch (IOException inconclusive) {
      return false;
    }
  }
}
