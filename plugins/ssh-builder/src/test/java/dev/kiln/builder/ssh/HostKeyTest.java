package dev.kiln.builder.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.plugin.api.BuildException;
import dev.kiln.plugin.api.BuilderSettings;
import dev.kiln.plugin.api.Health;
import dev.kiln.plugin.testkit.TestBuildContext;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Only the approved host key is accepted; a new host is proposed for approval, a changed key
 * refused.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HostKeyTest {

  private static LocalSshd sshd;

  /**
   * A second server with other host keys: what a man in the middle or a re-installed host offers.
   */
  private static LocalSshd impostor;

  @TempDir Path workDirectory;

  @BeforeAll
  static void startSshd() throws Exception {
    sshd = LocalSshd.start();
    impostor = LocalSshd.start();
  }

  @AfterAll
  static void stopSshd() throws Exception {
    sshd.close();
    impostor.close();
  }

  @Test
  void unapprovedHostIsProposedAndTheStoredProposalMakesTheNextCheckPass() throws Exception {
    BuilderSettings unapproved = sshd.settings(LocalSshd.ClientKeyFile.ED25519, null);

    Health health = new SshBuilder().check(unapproved);

    assertThat(health.up()).isFalse();
    Health.SettingProposal proposal = health.proposal();
    assertThat(proposal).isNotNull();
    assertThat(proposal.key()).isEqualTo(SshSettings.KNOWN_HOST_KEY);
    assertThat(proposal.value()).startsWith("[127.0.0.1]:" + sshd.port + " ");
    assertThat(proposal.question())
        .startsWith("127.0.0.1:" + sshd.port + " offers ")
        .contains(" key SHA256:")
        .endsWith("trust it?");
    assertThat(health.message()).contains("not approved yet");

    Health afterApproval = new SshBuilder().check(withKnownHostKey(unapproved, proposal.value()));
    assertThat(afterApproval.up()).as(afterApproval.message()).isTrue();
  }

  @Test
  void buildOnAnUnapprovedHostEndsSayingAnAdminMustApprove() throws Exception {
    var request =
        Builds.request("echo must not run", sshd.settings(LocalSshd.ClientKeyFile.ED25519, null));
    TestBuildContext context = new TestBuildContext(workDirectory);

    assertThatThrownBy(() -> Builds.run(request, context))
        .isInstanceOf(BuildException.class)
        .hasMessageContaining("not approved yet")
        .hasMessageContaining("admin must approve it on the builder instance");
    assertThat(context.lines()).isEmpty();
  }

  @Test
  void changedHostKeyIsRefusedNamingTheHostAndBothFingerprints() throws Exception {
    // The impostor answers where the pinned host used to be: same address, different key.
    BuilderSettings pinnedElsewhere =
        impostor.settings(
            LocalSshd.ClientKeyFile.ED25519,
            sshd.knownHostsLine("host_ed25519")
                .replace(":" + sshd.port + " ", ":" + impostor.port + " "));
    String approved = sshd.fingerprint("host_ed25519");
    String offered = impostor.fingerprint("host_ed25519");

    Health health = new SshBuilder().check(pinnedElsewhere);

    assertThat(health.up()).isFalse();
    assertThat(health.proposal()).as("a changed key is never proposed").isNull();
    assertThat(health.message())
        .contains(
            "127.0.0.1:" + impostor.port,
            approved,
            offered,
            "possible man-in-the-middle or re-installed host");
    TestBuildContext context = new TestBuildContext(workDirectory);
    assertThatThrownBy(
            () -> Builds.run(Builds.request("echo must not run", pinnedElsewhere), context))
        .isInstanceOf(BuildException.class)
        .hasMessageContaining(approved)
        .hasMessageContaining(offered)
        .hasMessageContaining("man-in-the-middle");
    assertThat(context.lines()).isEmpty();
  }

  @Test
  void eachPinnedKeyTypeIsAskedForFirst() throws Exception {
    for (String hostKey : new String[] {"host_ed25519", "host_ecdsa", "host_rsa"}) {
      Health health =
          new SshBuilder()
              .check(sshd.settings(LocalSshd.ClientKeyFile.ED25519, sshd.knownHostsLine(hostKey)));

      assertThat(health.up()).as(hostKey + ": " + health.message()).isTrue();
    }
  }

  @Test
  void bareKeyAndHashedKnownHostsLinesArePins() throws Exception {
    String[] line = sshd.knownHostsLine("host_ecdsa").split(" ");
    Health bare =
        new SshBuilder()
            .check(
                sshd.settings(
                    LocalSshd.ClientKeyFile.ED25519,
                    "# pasted from the host\n" + line[1] + " " + line[2] + " root@host\n"));
    assertThat(bare.up()).as(bare.message()).isTrue();

    Health hashed =
        new SshBuilder()
            .check(sshd.settings(LocalSshd.ClientKeyFile.ED25519, sshd.hashedKnownHostsLine()));
    assertThat(hashed.up()).as(hashed.message()).isTrue();
  }

  @Test
  void keyPinnedForAnotherHostOnlyIsNotApproval() throws Exception {
    String otherHost =
        sshd.knownHostsLine("host_ed25519").replace("[127.0.0.1]", "[build-2.example]");

    Health health =
        new SshBuilder().check(sshd.settings(LocalSshd.ClientKeyFile.ED25519, otherHost));

    assertThat(health.up()).isFalse();
    assertThat(health.proposal()).isNotNull();
  }

  private static BuilderSettings withKnownHostKey(BuilderSettings settings, String value) {
    Map<String, String> values = new HashMap<>(settings.values());
    values.put(SshSettings.KNOWN_HOST_KEY, value);
    return new BuilderSettings(values, settings.secrets());
  }
}
