package dev.kiln.portal.e2e;

import dev.kiln.portal.KilnSpringTest;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kiln started the way the README says, from the packaged jar, in a folder of its own with no
 * configuration but a free port (and whatever {@code env} adds). Its console goes to a file.
 */
final class KilnProcess implements AutoCloseable {

  private static final Pattern PASSWORD = Pattern.compile("password:\\s+(\\S+)");

  private final Path home;
  private final Path console;
  private final int port;
  private final Process process;
  private final long startedNanos = System.nanoTime();

  private KilnProcess(Path home, Path console, int port, Process process) {
    this.home = home;
    this.console = console;
    this.port = port;
    this.process = process;
  }

  /** Starts Kiln in {@code home}; its data goes to {@code home/kiln-data}, as with no configuration. */
  static KilnProcess start(Path home, String consoleName, Map<String, String> env) throws IOException {
    Path jar = Path.of(System.getProperty("kiln.test.jar", "target/kiln-portal.jar"));
    if (!Files.exists(jar)) {
      throw new IllegalStateException("No Kiln jar at " + jar + ": run the tests with ./mvnw verify, which packages it first.");
    }
    Files.createDirectories(home);
    Path console = Path.of("target", "e2e", consoleName + ".log");
    Files.createDirectories(console.getParent());
    int port = freePort();
    String java = ProcessHandle.current().info().command().orElse("java");
    var builder = new ProcessBuilder(java, "-Xmx512m", "-jar", jar.toAbsolutePath().toString())
        .directory(home.toFile())
        .redirectErrorStream(true)
        .redirectOutput(console.toFile());
    Map<String, String> environment = new HashMap<>(env);
    environment.put("PORT", String.valueOf(port));
    // Tests and builds exchange files through @TempDir folders (see BuildReachableTempDirs).
    environment.putIfAbsent("KILN_LOCAL_SANDBOX_WRITABLE", KilnSpringTest.temporaryFolder());
    builder.environment().putAll(environment);
    return new KilnProcess(home, console, port, builder.start());
  }

  String url() {
    return "http://127.0.0.1:" + port + "/";
  }

  Path dataDir() {
    return home.resolve("kiln-data");
  }

  /** Waits until the log-in page answers; returns how long start-up took. */
  Duration awaitReady(Duration limit) throws IOException, InterruptedException {
    var http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    var login = HttpRequest.newBuilder(URI.create(url() + "login")).timeout(Duration.ofSeconds(5)).build();
    long deadline = startedNanos + limit.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new AssertionError("Kiln exited with " + process.exitValue() + " while starting:\n" + tail());
      }
      try {
        if (http.send(login, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return Duration.ofNanos(System.nanoTime() - startedNanos);
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    throw new AssertionError("Kiln did not serve its log-in page within " + limit + ":\n" + tail());
  }

  /** The one-time admin password Kiln printed, if it printed one. */
  Optional<String> oneTimePassword() throws IOException {
    Matcher matcher = PASSWORD.matcher(Files.readString(console));
    return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
  }

  String consoleText() throws IOException {
    return Files.readString(console);
  }

  long pid() {
    return process.pid();
  }

  /** Kills the JVM at once (SIGKILL), as a crash or an OOM killer would. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  @Override
  public void close() throws IOException {
    if (process.isAlive()) {
      process.destroy(); // SIGTERM: Spring shuts down and stops its PostgreSQL
      try {
        if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
    stopLeftoverPostgres();
  }

  /** A test that killed Kiln and failed before restarting it must not leave its PostgreSQL running. */
  private void stopLeftoverPostgres() throws IOException {
    Path pidFile = dataDir().resolve("postgres/postmaster.pid");
    if (Files.exists(pidFile)) {
      List<String> lines = Files.readAllLines(pidFile);
      if (!lines.isEmpty()) {
        ProcessHandle.of(Long.parseLong(lines.getFirst().strip())).ifPresent(ProcessHandle::destroy);
      }
    }
  }

  private String tail() throws IOException {
    List<String> lines = Files.readAllLines(console);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
  }

  private static int freePort() throws IOException {
    try (var socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
