package dev.medallion.ingest.broker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;

/** Readies the embedded broker's folder for a start: its settings file and formatted storage. */
final class BrokerStorage {
  static final String SETTINGS_FILE = "server.properties";

  private BrokerStorage() {}

  /**
   * Writes {@code settings} to {@code home/server.properties}, then formats the log folder they
   * name unless an earlier run did (formatting twice fails). Runs Kafka's storage tool in this JVM:
   * it returns an exit code instead of exiting.
   *
   * @throws dev.medallion.spec.MedallionException {@code INPUT_UNREADABLE} when the settings file
   *     cannot be written
   * @throws IllegalStateException when formatting fails, with the tool's output
   */
  static void prepare(Path home, Properties settings) {
    Path settingsFile = home.resolve(SETTINGS_FILE);
    try (OutputStream out = Files.newOutputStream(settingsFile)) {
      settings.store(
          out, "Written by Medallion at each start of the embedded broker; ports change");
    } catch (IOException e) {
      throw KafkaErrors.folderUnusable(home, e);
    }
    Path logFolder = Path.of(settings.getProperty("log.dirs"));
    if (Files.exists(logFolder.resolve("meta.properties"))) {
      return;
    }
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    String clusterId = Uuid.randomUuid().toString();
    String[] arguments = {"format", "-t", clusterId, "-c", settingsFile.toString()};
    int exitCode;
    try (PrintStream printStream = new PrintStream(output, true, StandardCharsets.UTF_8)) {
      exitCode = StorageTool.execute(arguments, printStream);
    }
    if (exitCode != 0) {
      throw new IllegalStateException(
          "kafka-storage format exited with "
              + exitCode
              + ": "
              + output.toString(StandardCharsets.UTF_8).strip());
    }
  }
}
