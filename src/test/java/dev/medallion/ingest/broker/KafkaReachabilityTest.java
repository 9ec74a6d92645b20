package dev.medallion.ingest.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.medallion.spec.ErrorCode;
import dev.medallion.spec.MedallionException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reachability against addresses where no broker runs; no broker needed. */
class KafkaReachabilityTest {
  @Test
  void closedPortFailsAtOnceNamingTheAddress() {
    String bootstrap = "127.0.0.1:" + LoopbackPorts.pickFree(1)[0];
    long began = System.nanoTime();

    MedallionException error =
        catchThrowableOfType(
            () -> KafkaReachability.check(bootstrap, Map.of(), Duration.ofSeconds(5)),
            MedallionException.class);

    assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(Duration.ofSeconds(2));
    assertThat(error.code()).isEqualTo(ErrorCode.KAFKA_UNAVAILABLE);
    assertThat(error)
        .hasMessage(
            "Kafka at "
                + bootstrap
                + " refused the connection (nothing listens there). Check that the broker is"
                + " running and that --bootstrap is right, or leave --bootstrap out to use the"
                + " embedded broker.");
  }

  @Test
  void silentListenerFailsWithinTheTimeout() throws IOException {
    // accepts TCP connections (the kernel does, into the backlog) but never answers a request
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
      String bootstrap = "127.0.0.1:" + silent.getLocalPort();
      long began = System.nanoTime();

      MedallionException error =
          catchThrowableOfType(
              () -> KafkaReachability.check(bootstrap, Map.of(), Duration.ofSeconds(1)),
              MedallionException.class);

      assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(Duration.ofSeconds(3));
      assertThat(error.code()).isEqualTo(ErrorCode.KAFKA_UNAVAILABLE);
      assertThat(error)
          .hasMessageStartingWith("Kafka at " + bootstrap + " did not answer within 1 s.");
    }
  }

  @Test
  void addressWithoutPortIsAUsageError() {
    MedallionException error =
        catchThrowableOfType(
            () -> KafkaReachability.check("localhost", Map.of()), MedallionException.class);

    assertThat(error.code()).isEqualTo(ErrorCode.USAGE);
    assertThat(error)
        .hasMessageStartingWith(
            "'localhost' is not a usable Kafka address: 'localhost' is not host:port.");
  }
}
