package dev.kiln.builder.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import com.github.dockerjava.transport.DockerHttpClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Docker engine for tests: its own {@code dockerd} (Debian's docker.io) with socket, data
 * root, exec root and pid file under {@code target/dockerd}, no iptables changes and no default
 * bridge, so it shares nothing with an engine already on the machine. It holds the image {@link
 * #IMAGE}, imported from a debootstrapped Debian (see {@link DebianRootfs}); no registry is needed.
 *
 * <p>Get it through {@link DockerEngineExtension}, which starts one per test JVM and stops it after
 * the last test. Needs root, as dockerd does.
 */
public final class DockerEngine implements AutoCloseable {

  /** The base image every test build runs in: Debian bookworm, minbase, with bash. */
  public static final String IMAGE = "kiln/debian:bookworm";

  private static final Duration READY = Duration.ofSeconds(30);
  private static final Duration STOP = Duration.ofSeconds(20);

  private final Path folder;
  private final Path socket;
  private final Process daemon;
  private final DockerHttpClient http;
  private final DockerClient client;

  private DockerEngine(Path folder, Path socket, Process daemon) {
    this.folder = folder;
    this.socket = socket;
    this.daemon = daemon;
    DefaultDockerClientConfig config =
        new DefaultDockerClientConfig.Builder().withDockerHost(address()).build();
    this.http =
        new ApacheDockerHttpClient.Builder()
            .dockerHost(config.getDockerHost())
            .connectionTimeout(Duration.ofSeconds(5))
            .responseTimeout(Duration.ofSeconds(60))
            .build();
    this.client = DockerClientImpl.getInstance(config, http);
  }

  /**
   * Starts a daemon in {@code folder} (created if absent), waits until it answers, and ensures
   * {@link #IMAGE}.
   */
  public static DockerEngine start(Path folder) throws IOException, InterruptedException {
    return start(folder, List.of(), true);
  }

  /**
   * Starts a daemon with further dockerd options, such as a TLS listener.
   *
   * @param withImage whether to ensure {@link #IMAGE} on it
   */
  static DockerEngine start(Path folder, List<String> options, boolean withImage)
      throws IOException, InterruptedException {
    String dockerd = Programs.find("dockerd", "docker.io");
    if (!"root".equals(System.getProperty("user.name"))) {
      throw new IllegalStateException(
          "dockerd needs root: run the Docker builder's tests as root.");
    }
    folder = folder.toAbsolutePath();
    Files.createDirectories(folder);
    Path socket = folder.resolve("docker.sock");
    Path exec = folder.resolve("exec");
    // A unix socket path holds at most 107 bytes, and containerd puts its own sockets in the exec
    // root.
    if (folder.toString().length() > 60) {
      Path shortFolder = Files.createTempDirectory("kiln-dockerd");
      socket = shortFolder.resolve("docker.sock");
      exec = shortFolder.resolve("exec");
    }
    Path pidFile = folder.resolve("docker.pid");
    stopLeftover(pidFile);
    List<String> command =
        new ArrayList<>(
            List.of(
                dockerd,
                "--host",
                "unix://" + socket,
                "--data-root",
                folder.resolve("data").toString(),
                "--exec-root",
                exec.toString(),
                "--pidfile",
                pidFile.toString(),
                "--iptables=false",
                "--ip6tables=false",
                "--bridge=none",
                "--storage-driver",
                "overlay2"));
    command.addAll(options);
    Process daemon =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(folder.resolve("dockerd.log").toFile())
            .start();
    DockerEngine engine = new DockerEngine(folder, socket, daemon);
    try {
      engine.awaitReady();
      if (withImage) {
        engine.ensureImage();
      }
      return engine;
    } catch (IOException | InterruptedException | RuntimeException e) {
      engine.close();
      throw e;
    }
  }

  /**
   * The Engine API address, as the builder's engine setting takes it: {@code
   * unix:///…/docker.sock}.
   */
  public String address() {
    return "unix://" + socket;
  }

  /** A client for inspecting what the builder did. */
  public DockerClient client() {
    return client;
  }

  /** The daemon's log, for failure messages. */
  public Path log() {
    return folder.resolve("dockerd.log");
  }

  /**
   * Stops the daemon: SIGTERM, so it stops its containers and containerd, then SIGKILL if it hangs.
   */
  @Override
  public void close() throws IOException {
    client.close();
    daemon.destroy();
    try {
      if (!daemon.waitFor(STOP.toSeconds(), TimeUnit.SECONDS)) {
        daemon.destroyForcibly().waitFor();
      }
      unmountLeftovers(folder);
      unmountLeftovers(socket.getParent());
    } catch (InterruptedException e) {
      daemon.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Unmounts what dockerd leaves mounted after it stopped (its network namespace file in the exec
   * root), which would otherwise make {@code mvn clean} fail to delete {@code target/}.
   */
  private static void unmountLeftovers(Path below) throws IOException, InterruptedException {
    Path mountInfo = Path.of("/proc/self/mountinfo");
    if (!Files.exists(mountInfo)) {
      return;
    }
    String prefix = below.toString() + "/";
    List<String> mounts =
        Files.readAllLines(mountInfo).stream()
            .map(line -> line.split(" ")[4])
            .filter(point -> point.startsWith(prefix))
            .sorted(Comparator.reverseOrder())
            .toList();
    for (String point : mounts) {
      new ProcessBuilder("umount", "-l", point)
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start()
          .waitFor(10, TimeUnit.SECONDS);
    }
  }

  private void awaitReady() throws IOException, InterruptedException {
    long deadline = System.nanoTime() + READY.toNanos();
    while (true) {
      if (!daemon.isAlive()) {
        throw new IllegalStateException(
            "dockerd exited at start-up with " + daemon.exitValue() + ":\n" + tail());
      }
      if (Files.exists(socket)) {
        try {
          client.pingCmd().exec();
          return;
        } catch (RuntimeException notYet) {
          // The socket exists before the API answers.
        }
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("dockerd did not answer within " + READY + ":\n" + tail());
      }
      Thread.sleep(50);
    }
  }

  private void ensureImage() throws IOException, InterruptedException {
    try {
      client.inspectImageCmd(IMAGE).exec();
      return;
    } catch (NotFoundException absent) {
      // Import it below.
    }
    String[] repoAndTag = IMAGE.split(":");
    // docker-java's createImageCmd sends "{}" instead of the stream (3.7.1), so the import goes
    // through its transport directly: POST /images/create?fromSrc=- with the tar as the body.
    try (InputStream rootfs = Files.newInputStream(DebianRootfs.tarball(repoAndTag[1]));
        DockerHttpClient.Response response =
            http.execute(
                DockerHttpClient.Request.builder()
                    .method(DockerHttpClient.Request.Method.POST)
                    .path(
                        "/images/create?fromSrc=-&repo="
                            + repoAndTag[0].replace("/", "%2F")
                            + "&tag="
                            + repoAndTag[1])
                    .putHeader("Content-Type", "application/x-tar")
                    .body(rootfs)
                    .build())) {
      String answer = new String(response.getBody().readAllBytes(), StandardCharsets.UTF_8);
      if (response.getStatusCode() != 200 || answer.contains("\"error")) {
        throw new IllegalStateException("The engine did not import the base image: " + answer);
      }
    }
    client.inspectImageCmd(IMAGE).exec();
  }

  /**
   * Stops a daemon a killed test run left behind in this folder; it would refuse to start a second
   * one.
   */
  private static void stopLeftover(Path pidFile) throws IOException, InterruptedException {
    if (!Files.exists(pidFile)) {
      return;
    }
    long pid = Long.parseLong(Files.readString(pidFile).strip());
    var leftover =
        ProcessHandle.of(pid).filter(p -> p.info().command().orElse("").endsWith("dockerd"));
    if (leftover.isPresent()) {
      leftover.get().destroy();
      long deadline = System.nanoTime() + STOP.toNanos();
      while (leftover.get().isAlive() && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      leftover.get().destroyForcibly();
    }
    Files.deleteIfExists(pidFile);
  }

  private String tail() throws IOException {
    List<String> lines = Files.readAllLines(log());
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
  }
}
