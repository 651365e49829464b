package dev.kiln.portal.web;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Many raw connections to the portal that each send a request's head at once and then one byte per
 * {@link #tick()}: of a body (a slow upload) or of a header (slowloris). Non-blocking, so one
 * thread drives hundreds; each remembers the status line it got and whether the server closed it.
 */
final class SlowClients implements AutoCloseable {

  /** One connection: what it is for, what the server answered and whether it has closed it. */
  static final class Connection {
    final String kind;
    final SocketChannel channel;
    final StringBuilder received = new StringBuilder();
    volatile boolean closedByServer;

    Connection(String kind, SocketChannel channel) {
      this.kind = kind;
      this.channel = channel;
    }

    /** The answer's status line, or "" while none came. */
    String statusLine() {
      int end = received.indexOf("\r\n");
      return end < 0 ? "" : received.substring(0, end);
    }

    boolean hasHeader(String name) {
      return received
          .toString()
          .toLowerCase(Locale.ROOT)
          .contains("\r\n" + name.toLowerCase(Locale.ROOT) + ":");
    }
  }

  private final int port;
  private final List<Connection> connections = new ArrayList<>();

  SlowClients(int port) {
    this.port = port;
  }

  /** Opens {@code count} connections that each send {@code head} and then trickle. */
  synchronized List<Connection> open(String kind, int count, String head) throws IOException {
    List<Connection> opened = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      SocketChannel channel = SocketChannel.open();
      channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
      channel.connect(new InetSocketAddress("127.0.0.1", port));
      channel.write(ByteBuffer.wrap(head.getBytes(StandardCharsets.ISO_8859_1)));
      channel.configureBlocking(false);
      var connection = new Connection(kind, channel);
      opened.add(connection);
    }
    connections.addAll(opened);
    return opened;
  }

  /**
   * Sends one more byte on every connection the server has not closed, and reads what it answered.
   */
  synchronized void tick() {
    for (Connection c : connections) {
      if (c.closedByServer) {
        continue;
      }
      try {
        drain(c);
        if (!c.closedByServer) {
          c.channel.write(ByteBuffer.wrap(new byte[] {'a'}));
        }
      } catch (IOException reset) {
        c.closedByServer = true;
      }
    }
  }

  private static void drain(Connection c) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(4096);
    for (int n; (n = c.channel.read(buffer)) != 0; buffer.clear()) {
      if (n < 0) {
        c.closedByServer = true;
        return;
      }
      c.received.append(new String(buffer.array(), 0, n, StandardCharsets.ISO_8859_1));
    }
  }

  synchronized long open(String kind) {
    return connections.stream().filter(c -> c.kind.equals(kind) && !c.closedByServer).count();
  }

  synchronized List<Connection> all(String kind) {
    return connections.stream().filter(c -> c.kind.equals(kind)).toList();
  }

  @Override
  public synchronized void close() {
    for (Connection c : connections) {
      try {
        c.channel.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
  }
}
