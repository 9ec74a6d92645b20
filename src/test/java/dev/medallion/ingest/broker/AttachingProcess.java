package dev.medallion.ingest.broker;

import java.nio.file.Path;

/**
 * A second process for {@link EmbeddedKafkaIT}: attaches to (or starts) the embedded broker of the
 * folder in {@code args[0]} and prints whether it owns it.
 */
public final class AttachingProcess {
  private AttachingProcess() {}

  public static void main(String[] args) {
    try (EmbeddedKafka kafka = EmbeddedKafka.attachOrStart(Path.of(args[0]), System.out)) {
      System.out.println("owns=" + kafka.ownsBroker() + " bootstrap=" + kafka.bootstrapServers());
    }
  }
}
