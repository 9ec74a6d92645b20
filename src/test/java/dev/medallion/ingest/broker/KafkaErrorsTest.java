package dev.medallion.ingest.broker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.medallion.spec.ErrorCode;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class KafkaErrorsTest {
  @Test
  void unavailableNamesTheAddressTheTimeoutAndWhatToDo() {
    var error = KafkaErrors.unavailable("broker-1:9092", Duration.ofSeconds(5), null);

    assertThat(error.code()).isEqualTo(ErrorCode.KAFKA_UNAVAILABLE);
    assertThat(error)
        .hasMessage(
            "Kafka at broker-1:9092 did not answer within 5 s. Check that the broker is running"
                + " and that --bootstrap is right, or leave --bootstrap out to use the embedded"
                + " broker.");
  }

  @Test
  void unknownTopicSaysHowToCreateIt() {
    var error = KafkaErrors.unknownTopic("127.0.0.1:9092", "events");

    assertThat(error.code()).isEqualTo(ErrorCode.INPUT_UNREADABLE);
    assertThat(error)
        .hasMessageContaining("Topic 'events' does not exist on Kafka at 127.0.0.1:9092.")
        .hasMessageContaining("--create --topic events");
  }

  @Test
  void durationsReadNaturally() {
    assertThat(KafkaErrors.describe(Duration.ofSeconds(5))).isEqualTo("5 s");
    assertThat(KafkaErrors.describe(Duration.ofMillis(1500))).isEqualTo("1.5 s");
    assertThat(KafkaErrors.describe(Duration.ofMillis(200))).isEqualTo("200 ms");
  }
}
