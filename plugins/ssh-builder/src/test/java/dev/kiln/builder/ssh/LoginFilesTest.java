package dev.kiln.builder.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.builder.ssh.LocalSshd.Host;
import dev.kiln.plugin.api.Health;
import dev.kiln.plugin.testkit.TestBuildContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A build user that may write the files run at every login is warned about, in the build's log and
 * in the health check: a build could plant commands there for later builds of other projects.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LoginFilesTest {

  private static LocalSshd sshd;

  @TempDir Path workDirectory;

  @BeforeAll
  static void startSshd() throws Exception {
    // The user's home is the server's folder, which the user owns: every login file is writable.
    sshd = LocalSshd.start(Host.UNPRIVILEGED);
  }

  @AfterAll
  static void stopSshd() throws Exception {
    sshd.close();
  }

  @Test
  void theBuildLogWarnsAboutWritableLoginFiles() throws Exception {
    TestBuildContext context = new TestBuildContext(workDirectory);

    Builds.run(Builds.request("true", sshd.settings()), context);

    assertThat(context.notices())
        .anySatisfy(
            notice ->
                assertThat(notice)
                    .startsWith(
                        "The build user may write files that run or are trusted at every login (~/.ssh/rc,"
                            + " ~/.ssh/authorized_keys,")
                    .contains("~/.bashrc", "~/.profile")
                    .endsWith(
                        "Give each project or trust level its own user and make these files root-owned (see the SSH"
                            + " builder's docs)."));
  }

  @Test
  void theHealthCheckWarnsToo() throws Exception {
    Health health = new SshBuilder().check(sshd.settings());

    assertThat(health.up()).isTrue();
    assertThat(health.message())
        .startsWith(
            "Warning: The build user may write files that run or are trusted at"
                + " every login (~/.ssh/rc, ~/.ssh/authorized_keys,");
  }

  @Test
  void filesTheUserMayNotWriteAreNotNamed() throws Exception {
    // A link to a file nobody may write, as a host whose admin made the file root-owned would have.
    Files.createSymbolicLink(sshd.dir.resolve(".profile"), Path.of("/proc/version"));
    try {
      List<String> writable = LoginFiles.writable(exec(LoginFiles.PROBE));

      assertThat(writable).contains(".bashrc").doesNotContain(".profile");
    } finally {
      Files.delete(sshd.dir.resolve(".profile"));
    }
  }

  private static String exec(String command) throws Exception {
    SshSettings settings = SshSettings.of(sshd.settings());
    KeyPair key = ClientKey.load(settings.privateKey(), settings.passphrase());
    HostKeyPolicy policy =
        HostKeyPolicy.forHost(settings.knownHostKey(), settings.host(), settings.port());
    try (SshConnection connection = SshConnection.open(settings, key, policy)) {
      return connection.exec(command, Duration.ofSeconds(20)).text();
    }
  }
}
