package dev.kiln.builder.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.plugin.testkit.TestBuildContext;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.sftp.client.SftpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where the host lets unshare make a PID namespace but not mount a {@code /proc} for it (in a
 * container), {@code init.sh} sees the host's pids: it must kill and count the leftovers by their
 * pid in the namespace. No test host refuses the mount, so the way is chosen here directly.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LeftoverCountTest {

  private static LocalSshd sshd;

  @TempDir Path workDirectory;
  private final Marked marked = new Marked();

  @BeforeAll
  static void startSshd() throws Exception {
    sshd = LocalSshd.start();
  }

  @AfterAll
  static void stopSshd() throws Exception {
    sshd.close();
  }

  @AfterEach
  void killLeftovers() {
    marked.killAll();
  }

  @Test
  void unshareWithoutItsOwnProcCountsAndKillsTheLeftovers() throws Exception {
    SshSettings settings = SshSettings.of(sshd.settings());
    KeyPair key = ClientKey.load(settings.privateKey(), settings.passphrase());
    HostKeyPolicy policy =
        HostKeyPolicy.forHost(settings.knownHostKey(), settings.host(), settings.port());
    boolean root = sshd.user.equals("root");
    Containment unshare = new Containment(Containment.Kind.UNSHARE, LocalSshd.UNSHARE, root, null);
    TestBuildContext context = new TestBuildContext(workDirectory);
    String script =
        "(" + marked.sleeper("one") + ") &\n(" + marked.sleeper("two") + ") &\necho done\n";

    try (SshConnection connection = SshConnection.open(settings, key, policy);
        SftpClient sftp = connection.sftp()) {
      String absoluteRoot =
          WorkRoot.secure(
              sftp,
              settings.workRoot(),
              Integer.parseInt(connection.exec("id -u", Duration.ofSeconds(20)).text().strip()));
      RemoteWorkspace workspace =
          RemoteWorkspace.create(sftp, absoluteRoot, "count-1", script, new SecureRandom());
      RemoteScript remote =
          new RemoteScript(
              connection.session(), workspace, unshare, context.log(), new SecureRandom());

      int exit = remote.run(Map.of(), () -> false);

      assertThat(exit).isZero();
      assertThat(context.lines()).containsExactly("done");
      assertThat(remote.leftovers()).isEqualTo(2);
      assertThat(marked.alive()).isEmpty();
      connection.exec(workspace.removeCommand(remote.group()), Duration.ofSeconds(20));
    }
  }
}
