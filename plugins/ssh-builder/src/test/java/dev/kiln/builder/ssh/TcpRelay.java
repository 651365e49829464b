package dev.kiln.builder.ssh;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay on 127.0.0.1 in front of a server, which a test can cut as a network failure or a
 * dying Kiln node would: both sides see their connection end at once.
 */
final class TcpRelay implements AutoCloseable {

  private final ServerSocket server;
  private final int target;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();

  private TcpRelay(ServerSocket server, int target) {
    this.server = server;
    this.target = target;
  }

  /** Starts relaying connections on a free port to {@code target} on 127.0.0.1. */
  static TcpRelay to(int target) throws IOException {
    TcpRelay relay =
        new TcpRelay(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), target);
    Thread.ofPlatform().daemon().name("relay-accept").start(relay::accept);
    return relay;
  }

  int port() {
    return server.getLocalPort();
  }

  /** Ends every relayed connection, on both sides. */
  void cut() {
    sockets.forEach(TcpRelay::closeQuietly);
  }

  @Override
  public void close() {
    closeQuietly(server);
    cut();
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target);
        sockets.add(client);
        sockets.add(upstream);
        pump(client, upstream);
        pump(upstream, client);
      } catch (IOException e) {
        // Closed, or the server is gone: the relay stops accepting.
      }
    }
  }

  private void pump(Socket from, Socket to) {
    Thread.ofPlatform()
        .daemon()
        .name("relay-pump")
        .start(
            () -> {
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
              } catch (IOException e) {
                // Cut, or one side ended: end the other side too.
              }
              closeQuietly(from);
              closeQuietly(to);
            });
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      // Already closed.
    }
  }
}
