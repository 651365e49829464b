package dev.kiln.builder.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.builder.ssh.LocalSshd.ClientKeyFile;
import dev.kiln.plugin.api.BuildException;
import dev.kiln.plugin.api.BuilderSettings;
import dev.kiln.plugin.api.Health;
import dev.kiln.plugin.testkit.TestBuildContext;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** What a build and the health check say when the key, the login or the host is wrong. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ConnectionFailureTest {

  private static LocalSshd sshd;

  @TempDir Path workDirectory;

  @BeforeAll
  static void startSshd() throws Exception {
    sshd = LocalSshd.start();
  }

  @AfterAll
  static void stopSshd() throws Exception {
    sshd.close();
  }

  @Test
  void encryptedKeyWithoutPassphraseAsksForThePassphraseSecret() throws Exception {
    BuilderSettings settings =
        sshd.settings(ClientKeyFile.ENCRYPTED, sshd.knownHostsLine("host_ed25519"));

    assertFailsWith(settings, "key is encrypted; set the passphrase secret");
  }

  @Test
  void wrongPassphraseSaysSoWithoutQuotingIt() throws Exception {
    BuilderSettings settings =
        withPassphrase(
            sshd.settings(ClientKeyFile.ENCRYPTED, sshd.knownHostsLine("host_ed25519")),
            "not the passphrase");

    String message = assertFailsWith(settings, "The passphrase does not open the private key");
    assertThat(message).doesNotContain("not the passphrase");
  }

  @Test
  void encryptedKeyWithItsPassphraseRunsABuild() throws Exception {
    BuilderSettings settings =
        withPassphrase(
            sshd.settings(ClientKeyFile.ENCRYPTED, sshd.knownHostsLine("host_ed25519")),
            LocalSshd.PASSPHRASE);
    TestBuildContext context = new TestBuildContext(workDirectory);

    assertThat(Builds.run(Builds.request("echo unlocked", settings), context).exitCode()).isZero();
    assertThat(context.lines()).containsExactly("unlocked");
  }

  @Test
  void keyThatIsNotAuthorizedIsRefusedNamingTheUser() throws Exception {
    BuilderSettings settings =
        sshd.settings(ClientKeyFile.STRANGER, sshd.knownHostsLine("host_ed25519"));

    assertFailsWith(settings, "refused the key for user " + sshd.user, "authorized_keys");
  }

  @Test
  void textThatIsNoKeySaysWhatToPaste() throws Exception {
    BuilderSettings settings =
        new BuilderSettings(
            sshd.settings().values(),
            Map.of(
                SshSettings.PRIVATE_KEY,
                "-----BEGIN OPENSSH PRIVATE KEY-----\nbm90IGEga2V5\n-----END OPENSSH PRIVATE KEY-----\n"));

    assertFailsWith(settings, "holds no private key that can be read");
  }

  @Test
  void closedPortSaysNothingListens() throws Exception {
    BuilderSettings settings =
        withValue(sshd.settings(), SshSettings.PORT, Integer.toString(LocalSshd.freePort()));

    assertFailsWith(settings, "refused the connection", "nothing listens on port");
  }

  @Test
  void unknownHostNameSaysItDoesNotResolve() throws Exception {
    BuilderSettings settings = withValue(sshd.settings(), SshSettings.HOST, "no-such-host.invalid");

    assertFailsWith(settings, "Unknown host \"no-such-host.invalid\"", "does not resolve");
  }

  @Test
  void hostThatNeverAnswersTimesOutWithinTheConnectTimeout() throws Exception {
    // A listening socket with a full backlog never completes the SSH handshake: the login times
    // out.
    try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      BuilderSettings settings =
          withValue(
              withValue(sshd.settings(), SshSettings.PORT, Integer.toString(silent.getLocalPort())),
              SshSettings.AUTH_TIMEOUT,
              "2");
      long start = System.nanoTime();

      assertFailsWith(settings, "took longer than 2 s");
      assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)).isLessThan(15);
    }
  }

  /**
   * Checks that the health check and a build both fail with the given phrases; returns the message.
   */
  private String assertFailsWith(BuilderSettings settings, String... phrases) throws Exception {
    Health health = new SshBuilder().check(settings);
    assertThat(health.up()).isFalse();
    assertThat(health.message()).contains(phrases);
    assertThat(health.proposal()).isNull();
    TestBuildContext context = new TestBuildContext(workDirectory);
    assertThatThrownBy(() -> Builds.run(Builds.request("echo must not run", settings), context))
        .isInstanceOf(BuildException.class)
        .message()
        .contains(phrases);
    assertThat(context.lines()).isEmpty();
    return health.message();
  }

  private static BuilderSettings withPassphrase(BuilderSettings settings, String passphrase) {
    Map<String, String> values = new HashMap<>(settings.values());
    values.put(SshSettings.PASSPHRASE, "ssh-passphrase");
    Map<String, String> secrets = new HashMap<>(settings.secrets());
    secrets.put(SshSettings.PASSPHRASE, passphrase);
    return new BuilderSettings(values, secrets);
  }

  private static BuilderSettings withValue(BuilderSettings settings, String key, String value) {
    Map<String, String> values = new HashMap<>(settings.values());
    values.put(key, value);
    return new BuilderSettings(values, settings.secrets());
  }
}
