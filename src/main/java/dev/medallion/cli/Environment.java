package dev.medallion.cli;

import dev.medallion.ingest.broker.EmbeddedKafka;
import dev.medallion.ingest.broker.KafkaReachability;
import dev.medallion.ingest.broker.KafkaTopics;
import dev.medallion.ops.KafkaEndpoint;
import dev.medallion.ops.MedallionHome;
import dev.medallion.ops.SparkSessions;
import dev.medallion.ops.TableLocations;
import dev.medallion.spec.PipelineSpec;
import dev.medallion.spec.SourceSpec;
import java.io.PrintStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * What a command works with: the home folder, the spec, and, started on first use, the Spark
 * session and the Kafka endpoint (the embedded broker unless {@code --bootstrap} names another).
 */
final class Environment implements AutoCloseable {
  private static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(5);

  private final MedallionHome home;
  private final PipelineSpec spec;
  private final KafkaOptions kafkaOptions;
  private final PrintStream out;
  private SparkSession spark;
  private java.util.concurrent.CompletableFuture<SparkSession> sparkStarting;
  private EmbeddedKafka embedded;
  private KafkaEndpoint kafka;

  Environment(MedallionHome home, PipelineSpec spec, KafkaOptions kafkaOptions, PrintStream out) {
    this.home = home;
    this.spec = spec;
    this.kafkaOptions = kafkaOptions;
    this.out = out;
  }

  MedallionHome home() {
    return home;
  }

  PipelineSpec spec() {
    return spec;
  }

  PrintStream out() {
    return out;
  }

  TableLocations locations() {
    return home.locations(spec.storage());
  }

  /** Starts the Spark session on another thread, so it comes up while Kafka starts. */
  void startSparkInBackground() {
    synchronized (this) {
      if (sparkStarting == null && spark == null) {
        sparkStarting = java.util.concurrent.CompletableFuture.supplyAsync(this::newSpark);
      }
    }
  }

  synchronized SparkSession spark() {
    if (spark == null) {
      spark = sparkStarting != null ? sparkStarting.join() : newSpark();
    }
    return spark;
  }

  private SparkSession newSpark() {
    return SparkSessions.local(home, System.getProperty("medallion.master", "local[*]"));
  }

  /**
   * The Kafka to use: {@code --bootstrap} after a reachability check that fails within seconds,
   * or the embedded broker under the home folder, with every source's topic created.
   */
  synchronized KafkaEndpoint kafka() {
    if (kafka != null) {
      return kafka;
    }
    Map<String, String> properties = new LinkedHashMap<>(kafkaOptions.properties);
    if (kafkaOptions.bootstrap != null) {
      Map<String, Object> config = new LinkedHashMap<>(properties);
      KafkaReachability.check(kafkaOptions.bootstrap, config, KAFKA_TIMEOUT);
      kafka = new KafkaEndpoint(kafkaOptions.bootstrap, properties);
      return kafka;
    }
    embedded = EmbeddedKafka.attachOrStart(home.kafka(), out);
    kafka = new KafkaEndpoint(embedded.bootstrapServers(), properties);
    for (SourceSpec source : spec.sources().values()) {
      if (source.bootstrap().isEmpty()) {
        KafkaTopics.ensureTopic(
            kafka.bootstrap(), new LinkedHashMap<>(kafka.clientConfig()), source.topic(), source.partitions());
      }
    }
    return kafka;
  }

  @Override
  public synchronized void close() {
    if (embedded != null) {
      embedded.close();
      embedded = null;
    }
  }
}
