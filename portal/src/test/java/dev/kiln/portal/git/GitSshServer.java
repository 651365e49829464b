package dev.kiln.portal.git;

import dev.kiln.portal.e2e.harness.KilnProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Git over SSH for tests: Debian's sshd on 127.0.0.1, running as the user the tests run as (root in
 * CI), serving the repositories of a {@link TestRepos}. One ed25519 deploy key is authorized, and
 * only for git fetch and push of a repository in that folder (a forced command, no forwarding, no
 * terminal); a second key, the stranger, is not. Configured as the SSH builder's {@code LocalSshd}
 * is: StrictModes off (the temporary folder is not the user's home) and root by key only.
 */
public final class GitSshServer implements AutoCloseable {

  static final String SSHD = "/usr/sbin/sshd";
  static final String SSH_KEYGEN = "/usr/bin/ssh-keygen";

  private final LocalServer server;
  private final String user;

  private GitSshServer(LocalServer server, String user) {
    this.server = server;
    this.user = user;
  }

  /** Starts a server for the repositories in {@code repos}. */
  public static GitSshServer start(TestRepos repos) throws IOException, InterruptedException {
    LocalServer.requireProgram(SSHD, "openssh-server");
    LocalServer.requireProgram(SSH_KEYGEN, "openssh-client");
    LocalServer.requireProgram("/usr/bin/git-shell", "git");
    Path dir = Files.createTempDirectory("kiln-git-sshd-");
    keygen(dir.resolve("host_ed25519"));
    keygen(dir.resolve("deploy_key"));
    keygen(dir.resolve("stranger_key"));
    Path gate = dir.resolve("git-only");
    Files.writeString(gate, gateScript(repos.root, dir.resolve("home")));
    Files.setPosixFilePermissions(gate, PosixFilePermissions.fromString("rwx------"));
    Files.writeString(
        dir.resolve("authorized_keys"),
        "command=\"%s\",restrict %s"
            .formatted(gate, Files.readString(dir.resolve("deploy_key.pub"))));
    Files.createDirectories(Path.of("/run/sshd"));
    int port = KilnProcess.freePort();
    Files.writeString(
        dir.resolve("sshd_config"),
        String.join(
            "\n",
            "Port " + port,
            "ListenAddress 127.0.0.1",
            "HostKey " + dir.resolve("host_ed25519"),
            "AuthorizedKeysFile " + dir.resolve("authorized_keys"),
            "PidFile none",
            "StrictModes no",
            "UsePAM no",
            "PasswordAuthentication no",
            "KbdInteractiveAuthentication no",
            "PermitRootLogin prohibit-password",
            "AcceptEnv GIT_PROTOCOL",
            "MaxStartups 100",
            "LogLevel ERROR",
            ""));
    String config = dir.resolve("sshd_config").toString();
    LocalServer server = LocalServer.start(dir, port, List.of(SSHD, "-D", "-e", "-f", config));
    return new GitSshServer(server, System.getProperty("user.name"));
  }

  /**
   * The forced command: only {@code git-upload-pack} or {@code git-receive-pack} of a plain name in
   * the repositories folder, run by git-shell without the user's or the system's git config.
   */
  private static String gateScript(Path repos, Path home) {
    return """
        #!/bin/sh
        set -f
        export HOME='%s' GIT_CONFIG_NOSYSTEM=1
        verb=${SSH_ORIGINAL_COMMAND%%%% *}
        repo=${SSH_ORIGINAL_COMMAND#* }
        case "$verb" in git-upload-pack|git-receive-pack) ;; *)
          echo "only git fetch and push are allowed" >&2; exit 1 ;; esac
        repo=${repo#\\'}; repo=${repo%%\\'}; repo=${repo#/}
        case "$repo" in ''|.*|*[!A-Za-z0-9._-]*)
          echo "no such repository" >&2; exit 1 ;; esac
        exec git-shell -c "$verb '%s/$repo'"
        """
        .formatted(home, repos);
  }

  /** The URL of a repository, e.g. {@code ssh://root@127.0.0.1:40123/app.git}. */
  public String url(TestRepo repo) {
    return "ssh://" + user + "@127.0.0.1:" + server.port + "/" + repo.name;
  }

  /** The authorized deploy key's private key file. */
  public Path deployKey() {
    return server.dir.resolve("deploy_key");
  }

  /** A key the server does not authorize. */
  public Path strangerKey() {
    return server.dir.resolve("stranger_key");
  }

  /** The known_hosts line that pins the server's host key. */
  public String knownHostsLine() throws IOException {
    String[] key = Files.readString(server.dir.resolve("host_ed25519.pub")).strip().split(" ");
    return "[127.0.0.1]:" + server.port + " " + key[0] + " " + key[1];
  }

  /**
   * The environment that makes git use {@code key} and trust only this server's host key, with no
   * user ssh config and no prompts.
   */
  public Map<String, String> clientEnv(Path key) throws IOException {
    Path knownHosts = server.dir.resolve("known_hosts");
    Files.writeString(knownHosts, knownHostsLine() + "\n");
    return Map.of(
        "GIT_SSH_COMMAND",
        String.join(
            " ",
            "ssh -F /dev/null -i",
            key.toString(),
            "-o IdentitiesOnly=yes -o BatchMode=yes -o StrictHostKeyChecking=yes",
            "-o GlobalKnownHostsFile=/dev/null -o UserKnownHostsFile=" + knownHosts));
  }

  @Override
  public void close() throws IOException {
    server.close();
  }

  private static void keygen(Path file) throws IOException, InterruptedException {
    Process keygen =
        new ProcessBuilder(
                SSH_KEYGEN,
                "-q",
                "-t",
                "ed25519",
                "-N",
                "",
                "-C",
                "kiln-test",
                "-f",
                file.toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(keygen.getInputStream().readAllBytes());
    if (!keygen.waitFor(30, TimeUnit.SECONDS) || keygen.exitValue() != 0) {
      throw new IllegalStateException("ssh-keygen failed: " + out);
    }
  }
}
