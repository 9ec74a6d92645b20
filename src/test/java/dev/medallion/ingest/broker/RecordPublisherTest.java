package dev.medallion.ingest.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.medallion.spec.ErrorCode;
import dev.medallion.spec.MedallionException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

/** Publishing where no broker runs; no broker needed. */
class RecordPublisherTest {
  @Test
  void deadBrokerFailsTheFlushNamingTheAddress() {
    String bootstrap = "127.0.0.1:" + LoopbackPorts.pickFree(1)[0];
    long began = System.nanoTime();
    RecordPublisher publisher =
        RecordPublisher.open(bootstrap, Map.of(ProducerConfig.MAX_BLOCK_MS_CONFIG, 500));

    publisher.send("events", null, "one".getBytes(StandardCharsets.UTF_8));
    MedallionException error = catchThrowableOfType(publisher::flush, MedallionException.class);

    assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(Duration.ofSeconds(3));
    assertThat(error.code()).isEqualTo(ErrorCode.KAFKA_UNAVAILABLE);
    assertThat(error).hasMessageStartingWith("Kafka at " + bootstrap + " refused the connection");
    assertThat(publisher.sent()).isZero();
    assertThatThrownBy(() -> publisher.send("events", null, new byte[1])).isSameAs(error);
    assertThatThrownBy(publisher::close).isSameAs(error);
    publisher.close();
  }

  @Test
  void malformedAddressIsAUsageError() {
    MedallionException error =
        catchThrowableOfType(
            () -> RecordPublisher.open("no-port-here", Map.of()), MedallionException.class);

    assertThat(error.code()).isEqualTo(ErrorCode.USAGE);
    assertThat(error).hasMessageStartingWith("'no-port-here' is not a usable Kafka address:");
  }
}
