package dev.kiln.builder.ssh;

import dev.kiln.plugin.api.BuilderSettings;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real OpenSSH server for tests: its own host keys (ed25519, ECDSA, RSA), client keys and config
 * in a temporary folder, listening on 127.0.0.1 on a free port, logging in the user the tests run
 * as (root in CI). Tests fail, never skip, when OpenSSH is not installed.
 *
 * <p>Other {@link Host}s run the server under bubblewrap as an unprivileged user of its own, {@code
 * kilnbuild} (uid 1000 in a user namespace, with its own {@code /etc/passwd}), as a real build host
 * would, and can take from builds what some hosts refuse: further user namespaces, or {@code
 * unshare}. Their processes are this machine's, so tests still see the builds' processes.
 */
public final class LocalSshd implements AutoCloseable {

  static final String SSHD = "/usr/sbin/sshd";
  static final String BWRAP = "/usr/bin/bwrap";
  static final String UNSHARE = "/usr/bin/unshare";
  static final String PASSPHRASE = "correct horse \"battery\"";
  private static final String UNPRIVILEGED_USER = "kilnbuild";

  /** The client keys made for every server; all but {@code stranger} are authorized. */
  public enum ClientKeyFile {
    ED25519,
    ECDSA,
    RSA,
    ENCRYPTED,
    STRANGER
  }

  /** What kind of build host the server is. */
  public enum Host {
    /** The user the tests run as (root in CI). */
    TEST_USER,
    /** An unprivileged user on a host that allows user namespaces, like Debian 12's default. */
    UNPRIVILEGED,
    /** An unprivileged user on a host without util-linux's unshare, where bwrap remains. */
    UNPRIVILEGED_WITHOUT_UNSHARE,
    /**
     * An unprivileged user on a host that allows no user namespaces, so nothing can contain builds.
     */
    NO_USER_NAMESPACES
  }

  final Path dir;
  public final int port;
  public final String user;
  private final Process process;

  private LocalSshd(Path dir, int port, String user, Process process) {
    this.dir = dir;
    this.port = port;
    this.user = user;
    this.process = process;
  }

  /**
   * Starts a server logging in the user the tests run as; fails with what to install when OpenSSH
   * is missing.
   */
  public static LocalSshd start() throws IOException, InterruptedException {
    return start(Host.TEST_USER);
  }

  /** Starts a server of the given kind. */
  public static LocalSshd start(Host host) throws IOException, InterruptedException {
    requireProgram(SSHD, "openssh-server");
    requireProgram(sshKeygen(), "openssh-client");
    if (host != Host.TEST_USER) {
      requireProgram(BWRAP, "bubblewrap");
      requireProgram(UNSHARE, "util-linux");
    }
    Path dir = Files.createTempDirectory("kiln-sshd-");
    keygen(dir.resolve("host_ed25519"), "ed25519", "");
    keygen(dir.resolve("host_ecdsa"), "ecdsa", "");
    keygen(dir.resolve("host_rsa"), "rsa", "");
    keygen(dir.resolve("ed25519"), "ed25519", "");
    keygen(dir.resolve("ecdsa"), "ecdsa", "");
    keygen(dir.resolve("rsa"), "rsa", "");
    keygen(dir.resolve("encrypted"), "ed25519", PASSPHRASE);
    keygen(dir.resolve("stranger"), "ed25519", "");
    StringBuilder authorized = new StringBuilder();
    for (String name : List.of("ed25519", "ecdsa", "rsa", "encrypted")) {
      authorized.append(Files.readString(dir.resolve(name + ".pub")));
    }
    Files.writeString(dir.resolve("authorized_keys"), authorized);
    Files.createDirectories(Path.of("/run/sshd"));
    int port = freePort();
    Files.writeString(
        dir.resolve("sshd_config"),
        String.join(
            "\n",
            "Port " + port,
            "ListenAddress 127.0.0.1",
            "HostKey " + dir.resolve("host_ed25519"),
            "HostKey " + dir.resolve("host_ecdsa"),
            "HostKey " + dir.resolve("host_rsa"),
            "AuthorizedKeysFile " + dir.resolve("authorized_keys"),
            "PidFile " + dir.resolve("sshd.pid"),
            "StrictModes no",
            "UsePAM no",
            "PasswordAuthentication no",
            "KbdInteractiveAuthentication no",
            "PermitRootLogin prohibit-password",
            "MaxStartups 100",
            "MaxSessions 100",
            "LogLevel ERROR",
            "Subsystem sftp internal-sftp",
            ""));
    List<String> command =
        new ArrayList<>(List.of(SSHD, "-D", "-e", "-f", dir.resolve("sshd_config").toString()));
    if (host != Host.TEST_USER) {
      command.addAll(0, unprivileged(dir, host));
    }
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("sshd.log").toFile())
            .start();
    String user = host == Host.TEST_USER ? System.getProperty("user.name") : UNPRIVILEGED_USER;
    LocalSshd sshd = new LocalSshd(dir, port, user, process);
    sshd.awaitListening();
    return sshd;
  }

  /**
   * The bubblewrap words that run sshd as {@code kilnbuild}: uid 1000 in a user namespace, mapped
   * to the test's own user, so it owns the server's folder; its own passwd and group files name it.
   */
  private static List<String> unprivileged(Path dir, Host host) throws IOException {
    Files.writeString(
        dir.resolve("passwd"),
        "root:x:0:0:root:/root:/bin/bash\n"
            + UNPRIVILEGED_USER
            + ":x:1000:1000:Kiln build:"
            + dir
            + ":/bin/bash\n");
    Files.writeString(dir.resolve("group"), "root:x:0:\n" + UNPRIVILEGED_USER + ":x:1000:\n");
    List<String> words =
        new ArrayList<>(
            List.of(
                BWRAP,
                "--unshare-user",
                "--uid",
                "1000",
                "--gid",
                "1000",
                "--dev-bind",
                "/",
                "/",
                "--ro-bind",
                dir.resolve("passwd").toString(),
                "/etc/passwd",
                "--ro-bind",
                dir.resolve("group").toString(),
                "/etc/group",
                "--die-with-parent"));
    if (host == Host.NO_USER_NAMESPACES) {
      words.add("--disable-userns");
    }
    if (host == Host.UNPRIVILEGED_WITHOUT_UNSHARE) {
      // Not executable any more: the host looks as if util-linux's unshare were not installed.
      words.addAll(List.of("--ro-bind", "/dev/null", UNSHARE));
    }
    words.add("--");
    return words;
  }

  /** The instance settings that log in with {@code key} and pin {@code knownHostKey}. */
  BuilderSettings settings(ClientKeyFile key, String knownHostKey) throws IOException {
    Map<String, String> values =
        new HashMap<>(
            Map.of(
                SshSettings.HOST, "127.0.0.1",
                SshSettings.PORT, Integer.toString(port),
                SshSettings.USER, user,
                SshSettings.PRIVATE_KEY, "ssh-key",
                SshSettings.WORK_ROOT, workRoot().toString(),
                SshSettings.CONNECT_TIMEOUT, "5",
                SshSettings.AUTH_TIMEOUT, "10"));
    if (knownHostKey != null) {
      values.put(SshSettings.KNOWN_HOST_KEY, knownHostKey);
    }
    return new BuilderSettings(values, Map.of(SshSettings.PRIVATE_KEY, privateKey(key)));
  }

  /** Settings that log in with the ed25519 key and pin the server's ed25519 host key. */
  BuilderSettings settings() throws IOException {
    return settings(ClientKeyFile.ED25519, knownHostsLine("host_ed25519"));
  }

  /** The private key text of a client key. */
  public String privateKey(ClientKeyFile key) throws IOException {
    return Files.readString(dir.resolve(key.name().toLowerCase()));
  }

  /** A known_hosts line for one of the server's host keys ({@code host_ed25519}, ...). */
  String knownHostsLine(String hostKey) throws IOException {
    String[] publicKey = Files.readString(dir.resolve(hostKey + ".pub")).strip().split(" ");
    return "[127.0.0.1]:" + port + " " + publicKey[0] + " " + publicKey[1];
  }

  /**
   * The known_hosts line for the ed25519 host key with the host name hashed, as ssh-keygen -H
   * writes it.
   */
  String hashedKnownHostsLine() throws IOException, InterruptedException {
    Path file = dir.resolve("known_hosts_hashed");
    Files.writeString(file, knownHostsLine("host_ed25519") + "\n");
    Process keygen =
        new ProcessBuilder(sshKeygen(), "-H", "-f", file.toString())
            .redirectErrorStream(true)
            .start();
    keygen.getInputStream().readAllBytes();
    if (keygen.waitFor() != 0) {
      throw new IllegalStateException("ssh-keygen -H failed");
    }
    String hashed = Files.readString(file).strip();
    if (!hashed.startsWith("|1|")) {
      throw new IllegalStateException("not hashed: " + hashed);
    }
    return hashed;
  }

  /** The SHA256 fingerprint of one of the server's host keys, as ssh-keygen prints it. */
  public String fingerprint(String hostKey) throws IOException, InterruptedException {
    Process keygen =
        new ProcessBuilder(
                sshKeygen(), "-l", "-E", "sha256", "-f", dir.resolve(hostKey + ".pub").toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(keygen.getInputStream().readAllBytes());
    keygen.waitFor();
    return out.split(" ")[1];
  }

  /** Where builds put their folders; on this machine, so tests can look inside. */
  Path workRoot() {
    return dir.resolve("builds");
  }

  /** The build folders left under the work root. */
  List<Path> buildFolders() throws IOException {
    if (!Files.isDirectory(workRoot())) {
      return List.of();
    }
    try (Stream<Path> folders = Files.list(workRoot())) {
      return folders.toList();
    }
  }

  /**
   * The server's host key as a bare public key, which pins it whatever port the client connects to.
   */
  String bareHostKey(String hostKey) throws IOException {
    String[] publicKey = Files.readString(dir.resolve(hostKey + ".pub")).strip().split(" ");
    return publicKey[0] + " " + publicKey[1];
  }

  @Override
  public void close() throws IOException {
    // Under bubblewrap the process is bwrap, and sshd its child: stop sshd itself.
    try {
      ProcessHandle.of(Long.parseLong(Files.readString(dir.resolve("sshd.pid")).strip()))
          .ifPresent(ProcessHandle::destroy);
    } catch (IOException | NumberFormatException e) {
      // It never wrote its pid: the process itself is all there is.
    }
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      // Interrupted while closing: still stop it, and keep the interrupt for the caller.
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  private void awaitListening() throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "sshd exited: " + Files.readString(dir.resolve("sshd.log")));
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException e) {
        Thread.sleep(20);
      }
    }
    throw new IllegalStateException(
        "sshd did not listen within 10 s: " + Files.readString(dir.resolve("sshd.log")));
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static void keygen(Path file, String type, String passphrase)
      throws IOException, InterruptedException {
    List<String> command =
        new ArrayList<>(
            List.of(
                sshKeygen(),
                "-q",
                "-t",
                type,
                "-N",
                passphrase,
                "-C",
                file.getFileName() + "@kiln-test",
                "-f",
                file.toString()));
    if (type.equals("rsa")) {
      command.addAll(List.of("-b", "2048"));
    }
    Process keygen = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(keygen.getInputStream().readAllBytes());
    if (keygen.waitFor() != 0) {
      throw new IllegalStateException("ssh-keygen failed: " + out);
    }
  }

  private static String sshKeygen() {
    return "/usr/bin/ssh-keygen";
  }

  private static void requireProgram(String path, String debianPackage) {
    if (!Files.isExecutable(Path.of(path))) {
      throw new AssertionError(
          path
              + " is missing: install "
              + debianPackage
              + " (apt-get install -y openssh-server openssh-client)");
    }
  }
}
