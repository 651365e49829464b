package dev.kiln.builder.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.builder.ssh.HostKeyPolicy.Verdict;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.junit.jupiter.api.Test;

/**
 * The verdicts on offered keys, without a server: pinned, unapproved, changed, revoked, unreadable.
 */
class HostKeyPolicyTest {

  private final PublicKey pinned = newKey();
  private final PublicKey other = newKey();

  @Test
  void pinnedKeyIsAccepted() {
    HostKeyPolicy policy =
        HostKeyPolicy.forHost("build-1 " + PublicKeyEntry.toString(pinned), "build-1", 22);

    assertThat(policy.verify(pinned)).isTrue();
    assertThat(policy.verdict()).isEqualTo(Verdict.ACCEPTED);
  }

  @Test
  void nothingPinnedMeansUnapprovedAndProposesAKnownHostsLine() {
    HostKeyPolicy policy = HostKeyPolicy.forHost("", "build-1", 22);

    assertThat(policy.verify(other)).isFalse();
    assertThat(policy.verdict()).isEqualTo(Verdict.UNAPPROVED);
    assertThat(policy.proposalLine()).isEqualTo("build-1 " + PublicKeyEntry.toString(other));
    assertThat(HostKeyPolicy.forHost(policy.proposalLine(), "build-1", 22).verify(other)).isTrue();
    HostKeyPolicy onOtherPort = HostKeyPolicy.forHost(null, "build-1", 2222);
    onOtherPort.verify(other);
    assertThat(onOtherPort.proposalLine()).startsWith("[build-1]:2222 ecdsa-sha2-nistp256 ");
  }

  @Test
  void otherKeyIsAMismatchNamingBothFingerprints() {
    HostKeyPolicy policy = HostKeyPolicy.forHost(PublicKeyEntry.toString(pinned), "build-1", 22);

    assertThat(policy.verify(other)).isFalse();
    assertThat(policy.verdict()).isEqualTo(Verdict.MISMATCH);
    assertThat(policy.refusal())
        .contains(
            "build-1:22",
            HostKeyPolicy.fingerprint(pinned),
            HostKeyPolicy.fingerprint(other),
            "possible man-in-the-middle or re-installed host");
  }

  @Test
  void revokedKeyIsRefusedEvenWhenAlsoPinned() {
    String lines =
        "@revoked build-1 "
            + PublicKeyEntry.toString(pinned)
            + "\nbuild-1 "
            + PublicKeyEntry.toString(pinned);
    HostKeyPolicy policy = HostKeyPolicy.forHost(lines, "build-1", 22);

    assertThat(policy.verify(pinned)).isFalse();
    assertThat(policy.verdict()).isEqualTo(Verdict.REVOKED);
    assertThat(policy.refusal()).contains("revoked", HostKeyPolicy.fingerprint(pinned));
  }

  @Test
  void entriesForOtherHostsDoNotApply() {
    HostKeyPolicy policy =
        HostKeyPolicy.forHost("build-2 " + PublicKeyEntry.toString(pinned), "build-1", 22);

    assertThat(policy.verify(pinned)).isFalse();
    assertThat(policy.verdict()).isEqualTo(Verdict.UNAPPROVED);
  }

  @Test
  void unreadableLineIsNamedByItsNumber() {
    assertThatThrownBy(() -> HostKeyPolicy.parse("# comment\n\nbuild-1 ssh-ed25519 not-base64!"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Line 3 ");
    assertThatThrownBy(() -> HostKeyPolicy.parse("just some words"))
        .hasMessageStartingWith("Line 1 ");
  }

  private static PublicKey newKey() {
    try {
      // A JDK EC key: MINA 2.x takes JDK EC keys, but ed25519 keys only from BouncyCastle.
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(256);
      KeyPair pair = generator.generateKeyPair();
      return pair.getPublic();
    } catch (GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }
}
