package dev.kiln.portal.git;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A server process a test started: listening on 127.0.0.1, logging to a file in its own folder,
 * stopped by {@link #close()} or, if a test forgets, when the JVM exits. Every wait is bounded.
 */
public final class LocalServer implements AutoCloseable {

  private static final long START_SECONDS = 20;

  final Path dir;
  public final int port;
  private final Process process;
  private final Thread stopAtExit;

  private LocalServer(Path dir, int port, Process process) {
    this.dir = dir;
    this.port = port;
    this.process = process;
    this.stopAtExit = new Thread(process::destroyForcibly, "stop " + dir.getFileName());
    Runtime.getRuntime().addShutdownHook(stopAtExit);
  }

  /** Starts {@code command} (which must not fork into the background) and waits for its port. */
  static LocalServer start(Path dir, int port, List<String> command)
      throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("server.log").toFile())
            .start();
    LocalServer server = new LocalServer(dir, port, process);
    try {
      server.awaitListening(command.get(0));
    } catch (RuntimeException | IOException e) {
      server.close();
      throw e;
    }
    return server;
  }

  /** A port free on 127.0.0.1 a moment ago. */
  /** Fails, never skips, naming the Debian package to install when a program is missing. */
  static void requireProgram(String path, String debianPackage) {
    if (!Files.isExecutable(Path.of(path))) {
      throw new AssertionError(
          path + " is missing: install it with apt-get install -y " + debianPackage);
    }
  }

  /** What the server wrote to its log so far, for failure messages. */
  public String log() throws IOException {
    return Files.readString(dir.resolve("server.log"));
  }

  private void awaitListening(String program) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_SECONDS);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(program + " exited: " + log());
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException e) {
        Thread.sleep(20);
      }
    }
    throw new IllegalStateException(
        program + " did not listen within " + START_SECONDS + " s: " + log());
  }

  @Override
  public void close() throws IOException {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    try {
      Runtime.getRuntime().removeShutdownHook(stopAtExit);
    } catch (IllegalStateException e) {
      // Already exiting: the hook runs anyway.
    }
    deleteTree(dir);
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
