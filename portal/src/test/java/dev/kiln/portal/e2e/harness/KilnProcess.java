package dev.kiln.portal.e2e.harness;

import dev.kiln.portal.KilnSpringTest;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kiln started the way the README says, from the packaged jar, in a folder of its own with no
 * configuration but a free port (and whatever {@code env} adds). Its console goes to a file.
 */
public final class KilnProcess implements AutoCloseable {

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

  /**
   * Starts Kiln in {@code home}; its data goes to {@code home/kiln-data}, as with no configuration.
   */
  public static KilnProcess start(Path home, String consoleName, Map<String, String> env)
      throws IOException {
    return start(home, consoleName, env, freePort(), List.of());
  }

  /**
   * Starts Kiln as a terminal or a service manager would, with SIGINT and SIGTERM at their
   * defaults: a JVM started with a signal ignored (a background job of a shell without job control,
   * such as the one running these tests may be) keeps ignoring it.
   */
  public static KilnProcess startWithDefaultSignals(
      Path home, String consoleName, Map<String, String> env, int port) throws IOException {
    return start(home, consoleName, env, port, List.of("env", "--default-signal=INT,TERM"));
  }

  private static KilnProcess start(
      Path home, String consoleName, Map<String, String> env, int port, List<String> launcher)
      throws IOException {
    Path jar = Path.of(System.getProperty("kiln.test.jar", "target/kiln-portal.jar"));
    if (!Files.exists(jar)) {
      throw new IllegalStateException(
          "No Kiln jar at " + jar + ": run the tests with ./mvnw verify, which packages it first.");
    }
    Files.createDirectories(home);
    Path console = Path.of("target", "e2e", consoleName + ".log");
    Files.createDirectories(console.getParent());
    String java = ProcessHandle.current().info().command().orElse("java");
    var command = new ArrayList<>(launcher);
    command.addAll(List.of(java, "-Xmx512m", "-jar", jar.toAbsolutePath().toString()));
    var builder =
        new ProcessBuilder(command)
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

  public String url() {
    return "http://127.0.0.1:" + port + "/";
  }

  public Path dataDir() {
    return home.resolve("kiln-data");
  }

  /**
   * How long a test waits for Kiln to serve its log-in page: generous, because a loaded machine (a
   * test run beside other work) starts it several times slower than the 15 s of a quiet one. A wait
   * ends as soon as the page answers, or at once when Kiln exits.
   */
  public static final Duration STARTUP = Duration.ofMinutes(5);

  /** Waits up to {@link #STARTUP} until the log-in page answers; returns how long start-up took. */
  public Duration awaitReady() throws IOException, InterruptedException {
    return awaitReady(STARTUP);
  }

  /** Waits until the log-in page answers; returns how long start-up took. */
  public Duration awaitReady(Duration limit) throws IOException, InterruptedException {
    var http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    var login =
        HttpRequest.newBuilder(URI.create(url() + "login")).timeout(Duration.ofSeconds(5)).build();
    long deadline = startedNanos + limit.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new AssertionError(
            "Kiln exited with " + process.exitValue() + " while starting:\n" + tail());
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
  public Optional<String> oneTimePassword() throws IOException {
    Matcher matcher = PASSWORD.matcher(Files.readString(console));
    return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
  }

  public String consoleText() throws IOException {
    return Files.readString(console);
  }

  public long pid() {
    return process.pid();
  }

  /**
   * Sends a signal ({@code INT}, {@code TERM}) to the JVM, as Ctrl+C or a service manager would.
   */
  public void signal(String name) throws IOException, InterruptedException {
    int code =
        new ProcessBuilder("kill", "-s", name, Long.toString(process.pid()))
            .inheritIO()
            .start()
            .waitFor();
    if (code != 0) {
      throw new IllegalStateException(
          "kill -s " + name + " " + process.pid() + " failed with " + code);
    }
  }

  /** Waits for the JVM to end by itself; returns its exit code, or fails after {@code limit}. */
  public int awaitExit(Duration limit) throws IOException, InterruptedException {
    if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("Kiln did not end by itself within " + limit + ":\n" + tail());
    }
    return process.exitValue();
  }

  /** The JVM's resident memory now, in KiB, from {@code /proc} (Linux). */
  public long residentKib() throws IOException {
    return Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status")).stream()
        .filter(line -> line.startsWith("VmRSS:"))
        .map(line -> line.replaceAll("\\D", ""))
        .mapToLong(Long::parseLong)
        .findFirst()
        .orElseThrow();
  }

  /** Kills the JVM at once (SIGKILL), as a crash or an OOM killer would. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  /**
   * Asks Kiln to stop with SIGTERM, as Ctrl+C or a service manager does, and waits at most {@code
   * limit}; returns its exit code, or -1 when it was still running and had to be killed.
   */
  public int stop(Duration limit) throws InterruptedException {
    process.destroy();
    if (process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
      return process.exitValue();
    }
    process.destroyForcibly();
    process.waitFor();
    return -1;
  }

  @Override
  public void close() throws IOException {
    if (process.isAlive()) {
      process.destroy(); // SIGTERM: Spring shuts down and stops its PostgreSQL
      try {
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
    stopLeftoverPostgres();
  }

  /**
   * A test that killed Kiln and failed before restarting it must not leave its PostgreSQL running.
   */
  private void stopLeftoverPostgres() throws IOException {
    Path pidFile = dataDir().resolve("postgres/postmaster.pid");
    if (Files.exists(pidFile)) {
      List<String> lines = Files.readAllLines(pidFile);
      if (!lines.isEmpty()) {
        ProcessHandle.of(Long.parseLong(lines.getFirst().strip()))
            .ifPresent(ProcessHandle::destroy);
      }
    }
  }

  private String tail() throws IOException {
    List<String> lines = Files.readAllLines(console);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
  }

  public static int freePort() throws IOException {
    try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
