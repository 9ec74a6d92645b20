package dev.medallion.ingest.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/** Finds TCP ports free on 127.0.0.1 for the embedded broker's listeners. */
final class LoopbackPorts {
  private LoopbackPorts() {}

  /**
   * Returns {@code count} distinct ports that were free a moment ago. Another process may still
   * take one before the broker binds it; the caller retries then.
   */
  static int[] pickFree(int count) {
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      InetAddress loopback = InetAddress.getByName(BrokerSettings.HOST);
      int[] ports = new int[count];
      for (int i = 0; i < count; i++) {
        // keep each open until all are picked, so the ports differ
        ServerSocket socket = new ServerSocket(0, 1, loopback);
        sockets.add(socket);
        ports[i] = socket.getLocalPort();
      }
      return ports;
    } catch (IOException e) {
      throw new UncheckedIOException("No free TCP port on " + BrokerSettings.HOST, e);
    } finally {
      for (ServerSocket socket : sockets) {
        try {
          socket.close();
        } catch (IOException ignored) {
          // the port is released with the socket either way
        }
      }
    }
  }
}
