package dev.medallion.ingest.broker;

import java.nio.file.Path;
import java.util.Properties;

/** The server settings of the embedded single-node broker: one place to read and tune them. */
final class BrokerSettings {
  static final int NODE_ID = 1;
  static final String HOST = "127.0.0.1";

  private BrokerSettings() {}

  /**
   * Settings for a combined broker and controller with its log in {@code logDir}, listening on
   * loopback only.
   *
   * <p>The quorum is static ({@code controller.quorum.voters}): its address lives in this
   * configuration, not in the metadata log, so a restart may pick new ports. A dynamic quorum
   * ({@code --standalone} format, KIP-853) would record the first controller port for good.
   */
  static Properties of(Path logDir, int brokerPort, int controllerPort) {
    Properties settings = new Properties();
    settings.put("process.roles", "broker,controller");
    settings.put("node.id", Integer.toString(NODE_ID));
    settings.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
    settings.put(
        "listeners",
        "PLAINTEXT://" + HOST + ":" + brokerPort + ",CONTROLLER://" + HOST + ":" + controllerPort);
    settings.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + brokerPort);
    settings.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    settings.put("controller.listener.names", "CONTROLLER");
    settings.put("inter.broker.listener.name", "PLAINTEXT");
    settings.put("log.dirs", logDir.toString());

    // one node: every internal topic has one replica
    settings.put("num.partitions", "2");
    settings.put("default.replication.factor", "1");
    settings.put("min.insync.replicas", "1");
    settings.put("offsets.topic.replication.factor", "1");
    settings.put("transaction.state.log.replication.factor", "1");
    settings.put("transaction.state.log.min.isr", "1");
    // 50 partitions each by default: slow to create on first use, pointless on one node
    settings.put("offsets.topic.num.partitions", "4");
    settings.put("transaction.state.log.num.partitions", "4");
    settings.put("group.initial.rebalance.delay.ms", "0");
    settings.put("auto.create.topics.enable", "false");
    settings.put("message.max.bytes", Integer.toString(16 << 20));

    // the cleaner allocates its dedupe buffer (128 MiB by default) on the heap of our process
    settings.put("log.cleaner.dedupe.buffer.size", Integer.toString(16 << 20));
    // After a crash the restarted controller gives the dead incarnation a fresh session and
    // refuses the new one (DUPLICATE_BROKER_REGISTRATION) until that session expires: 9 s by
    // default. Heartbeats go over loopback inside one process, so a short session is safe.
    settings.put("broker.heartbeat.interval.ms", "250");
    settings.put("broker.session.timeout.ms", "3000");
    return settings;
  }
}
