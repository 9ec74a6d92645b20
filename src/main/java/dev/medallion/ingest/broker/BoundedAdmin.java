package dev.medallion.ingest.broker;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * A Kafka {@link Admin} whose every call ends within one timeout and fails with a {@link
 * dev.medallion.spec.MedallionException} naming the bootstrap address.
 */
final class BoundedAdmin implements AutoCloseable {
  private final String bootstrap;
  private final Duration timeout;
  private final Duration reportedTimeout;
  private final Admin admin;

  private BoundedAdmin(String bootstrap, Duration timeout, Duration reportedTimeout, Admin admin) {
    this.bootstrap = bootstrap;
    this.timeout = timeout;
    this.reportedTimeout = reportedTimeout;
    this.admin = admin;
  }

  /**
   * Creates the client; does not contact Kafka yet.
   *
   * @param clientProperties extra client settings (security, for example); the bootstrap address
   *     and the timeouts set here win over theirs
   * @throws dev.medallion.spec.MedallionException {@code USAGE} when {@code bootstrap} does not
   *     parse or resolve
   */
  static BoundedAdmin open(
      String bootstrap, Map<String, Object> clientProperties, Duration timeout) {
    return open(bootstrap, clientProperties, timeout, timeout);
  }

  /**
   * Same as {@link #open(String, Map, Duration)}, but a timeout error names {@code
   * reportedTimeout}: the caller's whole budget, of which {@code timeout} is what is left.
   */
  static BoundedAdmin open(
      String bootstrap,
      Map<String, Object> clientProperties,
      Duration timeout,
      Duration reportedTimeout) {
    Map<String, Object> config = new HashMap<>(clientProperties);
    config.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, "medallion-admin");
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    int millis = (int) timeout.toMillis();
    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis);
    config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis);
    config.put(AdminClientConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MS_CONFIG, (long) millis);
    config.put(AdminClientConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_CONFIG, (long) millis);
    try {
      return new BoundedAdmin(bootstrap, timeout, reportedTimeout, Admin.create(config));
    } catch (KafkaException e) {
      throw KafkaErrors.badClientConfig(bootstrap, e);
    }
  }

  /** The brokers the cluster reports as alive (unfenced); may be empty while one starts. */
  List<Node> aliveBrokers() {
    DescribeClusterOptions options = new DescribeClusterOptions().timeoutMs(timeoutMillis());
    return List.copyOf(await(admin.describeCluster(options).nodes(), null, "describe the cluster"));
  }

  /**
   * The description of {@code topic}.
   *
   * @throws dev.medallion.spec.MedallionException {@code INPUT_UNREADABLE} when it does not exist
   */
  TopicDescription describe(String topic) {
    return await(admin.describeTopics(List.of(topic)).allTopicNames(), topic, "describe " + topic)
        .get(topic);
  }

  /**
   * Creates a topic.
   *
   * @return false when it existed already (it is left as it is)
   */
  boolean createTopic(NewTopic topic) {
    try {
      admin.createTopics(List.of(topic)).all().get(waitMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof TopicExistsException) {
        return false;
      }
      throw translate(e.getCause(), topic.name(), "create topic " + topic.name());
    } catch (java.util.concurrent.TimeoutException e) {
      throw KafkaErrors.unavailable(bootstrap, reportedTimeout, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw KafkaErrors.interrupted(bootstrap, e);
    }
  }

  /** The offsets {@code spec} selects for each of {@code partitions} of {@code topic}. */
  Map<TopicPartition, ListOffsetsResultInfo> offsets(
      String topic, Collection<TopicPartition> partitions, OffsetSpec spec) {
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    partitions.forEach(partition -> request.put(partition, spec));
    return await(admin.listOffsets(request).all(), topic, "list the offsets of " + topic);
  }

  /**
   * Waits for {@code future} at most the timeout (plus a little, so Kafka's own timeout usually
   * fires first).
   *
   * @param topic the topic the call is about, or null
   * @param action what was asked, for the message when Kafka refuses it
   */
  <T> T await(KafkaFuture<T> future, String topic, String action) {
    try {
      return future.get(waitMillis(), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw KafkaErrors.unavailable(bootstrap, reportedTimeout, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw KafkaErrors.interrupted(bootstrap, e);
    } catch (ExecutionException e) {
      throw translate(e.getCause(), topic, action);
    }
  }

  /** Turns a failure of a call about {@code topic} (or null) into the user-facing error. */
  RuntimeException translate(Throwable failure, String topic, String action) {
    if (failure instanceof TimeoutException) {
      return KafkaErrors.unavailable(bootstrap, reportedTimeout, failure);
    }
    if (failure instanceof UnknownTopicOrPartitionException && topic != null) {
      return KafkaErrors.unknownTopic(bootstrap, topic);
    }
    if (failure instanceof InvalidTopicException && topic != null) {
      return KafkaErrors.invalidTopic(topic, failure);
    }
    return KafkaErrors.rejected(bootstrap, action, failure);
  }

  /** A little over the timeout, so Kafka's own timeout usually fires first. */
  private long waitMillis() {
    return timeout.toMillis() + 1000;
  }

  private int timeoutMillis() {
    return (int) timeout.toMillis();
  }

  /** Closes the client at once, abandoning calls still under way. */
  @Override
  public void close() {
    admin.close(Duration.ZERO);
  }
}
