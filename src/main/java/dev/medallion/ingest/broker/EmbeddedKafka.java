package dev.medallion.ingest.broker;

import dev.medallion.spec.MedallionException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.utils.Time;

/**
 * A single-node Kafka broker (KRaft, broker and controller in one) running inside this JVM, with
 * all its state under one folder, so topics and records survive a restart.
 *
 * <p>At most one broker runs per folder: {@link #attachOrStart} starts one, or attaches to the one
 * another process (or this one) already runs there. Each start listens on fresh free loopback
 * ports; clients must take the address from {@link #bootstrapServers()}, never from an earlier run.
 * Closing the instance that started the broker stops it, also for those attached to it.
 */
public final class EmbeddedKafka implements AutoCloseable {
  /** The subfolder holding Kafka's log and metadata. */
  static final String DATA_FOLDER = "data";

  private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration ATTACH_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(2);
  private static final int START_ATTEMPTS = 3;

  /** The folders whose broker this JVM runs; guarded by the class lock. */
  private static final Map<Path, EmbeddedKafka> OWNED = new HashMap<>();

  private final Path folder;
  private final String bootstrapServers;
  private final KafkaRaftServer server;
  private final FolderOwnership ownership;
  private final Thread shutdownHook;
  private boolean closed;

  private EmbeddedKafka(
      Path folder, String bootstrapServers, KafkaRaftServer server, FolderOwnership ownership) {
    this.folder = folder;
    this.bootstrapServers = bootstrapServers;
    this.server = server;
    this.ownership = ownership;
    this.shutdownHook = server == null ? null : new Thread(this::close, "embedded-kafka-stop");
  }

  /**
   * Returns a handle on the broker of {@code folder}, starting it in this JVM when no process runs
   * it yet, and prints one line saying which happened to {@code progress}.
   *
   * <p>Starting formats the folder on first use, waits until the broker serves metadata and then
   * publishes its address in {@code folder/endpoint.properties}; the broker is also stopped cleanly
   * by a JVM shutdown hook if the process exits without closing it. Attaching waits up to 60 s for
   * a broker that another process is still starting.
   *
   * @throws MedallionException {@code KAFKA_UNAVAILABLE} when the broker cannot start, or another
   *     process owns the folder but its broker does not answer; {@code INPUT_UNREADABLE} when the
   *     folder cannot be created or locked
   */
  public static EmbeddedKafka attachOrStart(Path folder, PrintStream progress) {
    Path home = createFolder(folder);
    synchronized (EmbeddedKafka.class) {
      EmbeddedKafka local = OWNED.get(home);
      if (local != null) {
        return attached(home, local.bootstrapServers, progress);
      }
      long deadline = System.nanoTime() + ATTACH_TIMEOUT.toNanos();
      while (true) {
        Optional<FolderOwnership> ownership = acquire(home);
        if (ownership.isPresent()) {
          EmbeddedKafka started = start(home, ownership.get(), progress);
          OWNED.put(home, started);
          return started;
        }
        Optional<String> endpoint = FolderOwnership.readEndpoint(home);
        if (endpoint.isPresent() && answers(endpoint.get())) {
          return attached(home, endpoint.get(), progress);
        }
        if (System.nanoTime() > deadline) {
          throw KafkaErrors.embeddedOwnerSilent(home, ATTACH_TIMEOUT);
        }
        pause(home);
      }
    }
  }

  /** The address clients connect to, such as {@code 127.0.0.1:40123}. */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** True when this instance started the broker and {@link #close()} stops it. */
  public boolean ownsBroker() {
    return server != null;
  }

  /**
   * Stops the broker and waits until it has stopped, when this instance started it; otherwise only
   * forgets the broker, which keeps running. Idempotent.
   */
  @Override
  public void close() {
    synchronized (EmbeddedKafka.class) {
      if (closed) {
        return;
      }
      closed = true;
      if (server == null) {
        return;
      }
      OWNED.remove(folder);
      try {
        ownership.withdrawEndpoint();
      } catch (UncheckedIOException ignored) {
        // a stale endpoint file is harmless: attachers check the lock and that the broker answers
      }
      try {
        server.shutdown();
        server.awaitShutdown();
      } finally {
        ownership.close();
        removeShutdownHook();
      }
    }
  }

  @Override
  public String toString() {
    return "EmbeddedKafka[" + bootstrapServers + ", " + folder + (ownsBroker() ? ", owner]" : "]");
  }

  private static EmbeddedKafka attached(Path home, String bootstrap, PrintStream progress) {
    progress.println(
        "kafka: using the embedded broker already running at "
            + bootstrap
            + " (log under "
            + home
            + ")");
    return new EmbeddedKafka(home, bootstrap, null, null);
  }

  private static EmbeddedKafka start(Path home, FolderOwnership ownership, PrintStream progress) {
    long began = System.nanoTime();
    try {
      ownership.withdrawEndpoint();
      Path dataFolder = home.resolve(DATA_FOLDER);
      KafkaRaftServer server = null;
      String bootstrap = null;
      for (int attempt = 1; server == null; attempt++) {
        int[] ports = LoopbackPorts.pickFree(2);
        Properties settings = BrokerSettings.of(dataFolder, ports[0], ports[1]);
        BrokerStorage.prepare(home, settings);
        bootstrap = BrokerSettings.HOST + ":" + ports[0];
        try {
          server = startServer(settings);
        } catch (RuntimeException e) {
          // another process may take a port between our pick and Kafka's bind
          if (attempt >= START_ATTEMPTS || !causedByBind(e)) {
            throw e;
          }
        }
      }
      EmbeddedKafka started = new EmbeddedKafka(home, bootstrap, server, ownership);
      try {
        awaitServing(home, bootstrap);
        ownership.publishEndpoint(bootstrap);
        Runtime.getRuntime().addShutdownHook(started.shutdownHook);
      } catch (RuntimeException e) {
        started.close();
        throw e;
      }
      progress.println(
          "kafka: started embedded broker at "
              + bootstrap
              + " (log under "
              + home
              + ") in "
              + seconds(System.nanoTime() - began));
      return started;
    } catch (MedallionException e) {
      ownership.close();
      throw e;
    } catch (RuntimeException e) {
      ownership.close();
      throw KafkaErrors.embeddedStartFailed(home, e);
    }
  }

  /** Start-up returns once the broker is unfenced; this checks that clients get metadata. */
  private static void awaitServing(Path home, String bootstrap) {
    try {
      KafkaReachability.check(bootstrap, Map.of(), READY_TIMEOUT);
    } catch (MedallionException silent) {
      throw KafkaErrors.embeddedStartFailed(
          home,
          new IllegalStateException(
              "it did not answer at "
                  + bootstrap
                  + " within "
                  + KafkaErrors.describe(READY_TIMEOUT)));
    }
  }

  private static KafkaRaftServer startServer(Properties settings) {
    KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(settings), Time.SYSTEM);
    try {
      server.startup();
      return server;
    } catch (RuntimeException e) {
      // startup stops the half that failed, not the controller that may already run
      try {
        server.shutdown();
        server.awaitShutdown();
      } catch (RuntimeException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  private static Path createFolder(Path folder) {
    try {
      Files.createDirectories(folder);
      // one key per folder however it is spelled (relative, through a symbolic link)
      return folder.toRealPath();
    } catch (IOException e) {
      throw KafkaErrors.folderUnusable(folder.toAbsolutePath(), e);
    }
  }

  private static Optional<FolderOwnership> acquire(Path home) {
    try {
      return FolderOwnership.tryAcquire(home);
    } catch (UncheckedIOException e) {
      throw KafkaErrors.folderUnusable(home, e.getCause());
    }
  }

  private static boolean answers(String bootstrap) {
    try {
      KafkaReachability.check(bootstrap, Map.of(), ANSWER_TIMEOUT);
      return true;
    } catch (MedallionException silent) {
      return false;
    }
  }

  private static boolean causedByBind(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof BindException) {
        return true;
      }
    }
    return false;
  }

  private static void pause(Path home) {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw KafkaErrors.interrupted(home.toString(), e);
    }
  }

  private void removeShutdownHook() {
    if (Thread.currentThread() == shutdownHook) {
      return;
    }
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running or about to; close() is idempotent
    }
  }

  private static String seconds(long nanos) {
    return String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
  }
}
