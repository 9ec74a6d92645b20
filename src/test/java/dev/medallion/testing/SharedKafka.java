package dev.medallion.testing;

import dev.medallion.ingest.broker.EmbeddedKafka;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;

/** One real embedded Kafka broker per test JVM; tests use distinct topics. */
public final class SharedKafka {
  private static EmbeddedKafka broker;

  private SharedKafka() {}

  public static synchronized String bootstrap() {
    if (broker == null) {
      try {
        broker =
            EmbeddedKafka.attachOrStart(
                Files.createTempDirectory("medallion-kafka-"),
                new PrintStream(OutputStream.nullOutputStream()));
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
      Runtime.getRuntime().addShutdownHook(new Thread(broker::close));
    }
    return broker.bootstrapServers();
  }
}
