package dev.medallion.ingest.broker;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import dev.medallion.spec.ErrorCode;
import dev.medallion.spec.MedallionException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaIT {
  private static final String TOPIC = "events";
  private static final int RECORDS = 1_000;

  @TempDir Path home;
  private final ByteArrayOutputStream progressBytes = new ByteArrayOutputStream();
  private final PrintStream progress = new PrintStream(progressBytes, true, UTF_8);

  @Test
  void keepsTopicsAndRecordsAcrossARestart() {
    Path folder = home.resolve("kafka");
    List<String> expected = IntStream.range(0, RECORDS).mapToObj(i -> "event-" + i).toList();
    String firstAddress;

    try (EmbeddedKafka kafka = EmbeddedKafka.attachOrStart(folder, progress)) {
      firstAddress = kafka.bootstrapServers();
      assertThat(kafka.ownsBroker()).isTrue();
      assertThat(progress())
          .matches(
              "kafka: started embedded broker at 127\\.0\\.0\\.1:\\d+ \\(log under .*kafka\\)"
                  + " in \\d+\\.\\d s\\R");
      KafkaTopics.ensureTopic(firstAddress, Map.of(), TOPIC, 2);
      KafkaTopics.ensureTopic(firstAddress, Map.of(), TOPIC, 2);

      assertThat(publish(firstAddress, expected)).isEqualTo(RECORDS);

      assertThat(KafkaTopics.recordCount(firstAddress, Map.of(), TOPIC)).isEqualTo(RECORDS);
      assertThat(KafkaTopics.endOffsets(firstAddress, Map.of(), TOPIC))
          .containsOnlyKeys(new TopicPartition(TOPIC, 0), new TopicPartition(TOPIC, 1))
          .satisfies(
              ends ->
                  assertThat(ends.values().stream().mapToLong(Long::longValue).sum())
                      .isEqualTo(RECORDS));
      assertThat(readAll(firstAddress, RECORDS)).containsExactlyInAnyOrderElementsOf(expected);
    }
    assertThat(
            catchThrowableOfType(
                () -> KafkaReachability.check(firstAddress, Map.of()), MedallionException.class))
        .hasMessageContaining(firstAddress);
    assertThat(folder.resolve(FolderOwnership.ENDPOINT_FILE)).doesNotExist();

    try (EmbeddedKafka again = EmbeddedKafka.attachOrStart(folder, progress)) {
      assertThat(again.ownsBroker()).isTrue();
      assertThat(KafkaTopics.recordCount(again.bootstrapServers(), Map.of(), TOPIC))
          .isEqualTo(RECORDS);
      assertThat(readAll(again.bootstrapServers(), RECORDS))
          .containsExactlyInAnyOrderElementsOf(expected);
    }
  }

  @Test
  void secondCallInTheSameProcessAttaches() throws IOException {
    Path folder = home.resolve("kafka");
    try (EmbeddedKafka first = EmbeddedKafka.attachOrStart(folder, progress)) {
      try (EmbeddedKafka second = EmbeddedKafka.attachOrStart(folder, progress)) {
        assertThat(second.ownsBroker()).isFalse();
        assertThat(second.bootstrapServers()).isEqualTo(first.bootstrapServers());
        assertThat(progress())
            .endsWith(
                "kafka: using the embedded broker already running at "
                    + first.bootstrapServers()
                    + " (log under "
                    + folder.toRealPath()
                    + ")"
                    + System.lineSeparator());
      }
      // closing the attached handle leaves the broker running
      KafkaReachability.check(first.bootstrapServers(), Map.of());
    }
  }

  @Test
  void anotherProcessAttachesInsteadOfStartingASecondBroker()
      throws IOException, InterruptedException {
    Path folder = home.resolve("kafka");
    try (EmbeddedKafka owner = EmbeddedKafka.attachOrStart(folder, progress)) {
      Path output = home.resolve("child.out");
      Process child =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-cp",
                  System.getProperty("java.class.path"),
                  AttachingProcess.class.getName(),
                  folder.toString())
              .redirectErrorStream(true)
              .redirectOutput(output.toFile())
              .start();
      boolean exited = child.waitFor(60, TimeUnit.SECONDS);
      if (!exited) {
        child.destroyForcibly();
      }

      assertThat(exited).as("child process exited").isTrue();
      assertThat(Files.readString(output))
          .contains(
              "kafka: using the embedded broker already running at " + owner.bootstrapServers())
          .contains("owns=false bootstrap=" + owner.bootstrapServers());
      assertThat(child.exitValue()).isZero();
      KafkaReachability.check(owner.bootstrapServers(), Map.of());
    }
  }

  @Test
  void unknownTopicIsNamedWithHowToCreateIt() {
    try (EmbeddedKafka kafka = EmbeddedKafka.attachOrStart(home.resolve("kafka"), progress)) {
      String bootstrap = kafka.bootstrapServers();

      MedallionException counting =
          catchThrowableOfType(
              () -> KafkaTopics.recordCount(bootstrap, Map.of(), "missing"),
              MedallionException.class);
      RecordPublisher publisher =
          RecordPublisher.open(bootstrap, Map.of(ProducerConfig.MAX_BLOCK_MS_CONFIG, 500));
      publisher.send("missing", null, "x".getBytes(UTF_8));
      MedallionException publishing =
          catchThrowableOfType(publisher::close, MedallionException.class);

      for (MedallionException error : List.of(counting, publishing)) {
        assertThat(error.code()).isEqualTo(ErrorCode.INPUT_UNREADABLE);
        assertThat(error)
            .hasMessageStartingWith("Topic 'missing' does not exist on Kafka at " + bootstrap)
            .hasMessageContaining("--create --topic missing");
      }
    }
  }

  @AfterEach
  void showProgress() {
    // the start-up times, in the test report
    System.out.print(progress());
  }

  private String progress() {
    return progressBytes.toString(UTF_8);
  }

  private static long publish(String bootstrap, List<String> values) {
    try (RecordPublisher publisher = RecordPublisher.open(bootstrap, Map.of())) {
      for (String value : values) {
        publisher.send(TOPIC, ("key-" + value).getBytes(UTF_8), value.getBytes(UTF_8));
      }
      publisher.flush();
      return publisher.sent();
    }
  }

  private static List<String> readAll(String bootstrap, int expected) {
    Map<String, Object> config =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrap,
            ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
            ByteArrayDeserializer.class,
            ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
            ByteArrayDeserializer.class,
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
            false);
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(TOPIC).stream()
              .map(info -> new TopicPartition(TOPIC, info.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      List<String> values = new ArrayList<>();
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInSameThread()
          .pollDelay(Duration.ZERO)
          .until(
              () -> {
                consumer
                    .poll(Duration.ofMillis(100))
                    .forEach(record -> values.add(new String(record.value(), UTF_8)));
                return values.size() >= expected;
              });
      return values;
    }
  }
}
