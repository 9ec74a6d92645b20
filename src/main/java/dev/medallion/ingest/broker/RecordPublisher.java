package dev.medallion.ingest.broker;

import dev.medallion.spec.ErrorCode;
import dev.medallion.spec.MedallionException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Sends records to Kafka asynchronously, tuned for throughput, and reports the first failure as a
 * {@link MedallionException} instead of losing it in a callback.
 *
 * <p>Defaults: {@code acks=all} with idempotence (no duplicates on retry), 10 ms linger, 1 MiB
 * batches, lz4 compression, a 64 MiB buffer. A send waits at most 5 s for metadata or buffer space
 * and a record at most 30 s for its acknowledgement, so a dead broker fails the publisher instead
 * of hanging it. Not thread-safe: one thread sends.
 */
public final class RecordPublisher implements AutoCloseable {
  static final int MAX_BLOCK_MS = 5_000;
  static final int DELIVERY_TIMEOUT_MS = 30_000;
  private static final Duration DIAGNOSIS_TIMEOUT = Duration.ofSeconds(2);

  private final String bootstrap;
  private final Map<String, Object> clientProperties;
  private final Producer<byte[], byte[]> producer;
  private final AtomicLong acknowledged = new AtomicLong();
  private final AtomicReference<Failure> firstFailure = new AtomicReference<>();
  private MedallionException reported;
  private boolean closed;

  private record Failure(String topic, Exception exception) {}

  private RecordPublisher(
      String bootstrap, Map<String, Object> clientProperties, Producer<byte[], byte[]> producer) {
    this.bootstrap = bootstrap;
    this.clientProperties = clientProperties;
    this.producer = producer;
  }

  /**
   * Creates a publisher for the cluster at {@code bootstrap}; does not contact it yet.
   *
   * @param clientProperties extra producer settings (security, or a tuning default to override);
   *     may be empty. The bootstrap address and the serializers set here win.
   * @throws MedallionException {@code USAGE} when {@code bootstrap} does not parse or resolve, or a
   *     client property is invalid
   */
  public static RecordPublisher open(String bootstrap, Map<String, Object> clientProperties) {
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.CLIENT_ID_CONFIG, "medallion-publisher");
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.LINGER_MS_CONFIG, 10);
    config.put(ProducerConfig.BATCH_SIZE_CONFIG, 1 << 20);
    config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2 << 20);
    config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    config.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 64L << 20);
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, MAX_BLOCK_MS);
    config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, DELIVERY_TIMEOUT_MS);
    config.putAll(clientProperties);
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    try {
      return new RecordPublisher(
          bootstrap, Map.copyOf(clientProperties), new KafkaProducer<>(config));
    } catch (KafkaException e) {
      throw KafkaErrors.badClientConfig(bootstrap, e);
    }
  }

  /**
   * Hands one record to the producer and returns; the broker acknowledges it later. Blocks only
   * while the producer fetches the topic's metadata or waits for buffer space.
   *
   * @param key the record key, or null to spread records over partitions
   * @throws MedallionException when an earlier record failed (the first failure, see {@link
   *     #flush()}), or when the publisher is closed
   */
  public void send(String topic, byte[] key, byte[] value) {
    failIfClosed();
    throwFirstFailure();
    try {
      producer.send(
          new ProducerRecord<>(topic, key, value),
          (metadata, exception) -> {
            if (exception == null) {
              acknowledged.incrementAndGet();
            } else {
              firstFailure.compareAndSet(null, new Failure(topic, exception));
            }
          });
    } catch (KafkaException e) {
      firstFailure.compareAndSet(null, new Failure(topic, e));
      throwFirstFailure();
    }
  }

  /** The number of records the broker has acknowledged so far. */
  public long sent() {
    return acknowledged.get();
  }

  /**
   * Waits until every record handed to {@link #send} is acknowledged or has failed.
   *
   * @throws MedallionException for the first record that failed: {@code KAFKA_UNAVAILABLE} naming
   *     the address when Kafka did not answer in time or refused the record, {@code
   *     INPUT_UNREADABLE} naming the topic when it does not exist
   */
  public void flush() {
    failIfClosed();
    try {
      producer.flush();
    } catch (KafkaException e) {
      firstFailure.compareAndSet(null, new Failure(null, e));
    }
    throwFirstFailure();
  }

  /**
   * Flushes, then closes the producer; idempotent.
   *
   * @throws MedallionException as {@link #flush()} does, on the first call only
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    try {
      flush();
    } finally {
      closed = true;
      producer.close(Duration.ofSeconds(5));
    }
  }

  private void failIfClosed() {
    if (closed) {
      throw new IllegalStateException("The publisher to Kafka at " + bootstrap + " is closed");
    }
  }

  private void throwFirstFailure() {
    if (reported != null) {
      throw reported;
    }
    Failure failure = firstFailure.get();
    if (failure != null) {
      reported = translate(failure);
      throw reported;
    }
  }

  private MedallionException translate(Failure failure) {
    Exception exception = failure.exception();
    if (exception instanceof TimeoutException && failure.topic() != null) {
      return diagnoseTimeout(failure.topic(), exception);
    }
    String action =
        failure.topic() == null ? "accept records" : "accept records for " + failure.topic();
    return KafkaErrors.rejected(bootstrap, action, exception);
  }

  /**
   * Tells "the topic does not exist" from "Kafka is gone": the producer reports both as a timeout
   * waiting for the topic's metadata.
   */
  private MedallionException diagnoseTimeout(String topic, Exception timeout) {
    try {
      ConnectionProbe.failIfAllRefused(bootstrap);
    } catch (MedallionException refused) {
      return refused;
    }
    try (BoundedAdmin admin = BoundedAdmin.open(bootstrap, clientProperties, DIAGNOSIS_TIMEOUT)) {
      admin.describe(topic);
    } catch (MedallionException diagnosis) {
      if (diagnosis.code() != ErrorCode.KAFKA_UNAVAILABLE) {
        return diagnosis;
      }
    }
    return KafkaErrors.unavailable(bootstrap, Duration.ofMillis(timeoutOf(timeout)), timeout);
  }

  /** Which of the producer's limits ran out: waiting for metadata, or for the acknowledgement. */
  private long timeoutOf(Exception timeout) {
    String message = String.valueOf(timeout.getMessage());
    String key =
        message.contains("metadata")
            ? ProducerConfig.MAX_BLOCK_MS_CONFIG
            : ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG;
    Object configured = clientProperties.get(key);
    if (configured != null) {
      return Long.parseLong(configured.toString());
    }
    return key.equals(ProducerConfig.MAX_BLOCK_MS_CONFIG) ? MAX_BLOCK_MS : DELIVERY_TIMEOUT_MS;
  }
}
