package dev.kiln.portal.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

import dev.kiln.portal.audit.AuditAction;
import dev.kiln.portal.audit.AuditLog;
import dev.kiln.portal.node.NodeProperties;
import dev.kiln.portal.node.NodeRole;
import dev.kiln.portal.secret.domain.Secret;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretVaultTest {

  private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");
  private static final NodeProperties RUNNER =
      new NodeProperties("runner-1", Set.of(NodeRole.RUNNER));
  private static final NodeProperties WEB =
      new NodeProperties("web-1", Set.of(NodeRole.WEB, NodeRole.SCHEDULER));

  @TempDir Path keys;
  Path publicFile;
  Path privateFile;
  SecretSealer sealer;
  AuditLog audit = mock(AuditLog.class);

  @BeforeEach
  void generateKeys() throws IOException {
    publicFile = keys.resolve("public.json");
    privateFile = keys.resolve("private.json");
    SecretKeys.generate(publicFile, privateFile);
    sealer = new SecretSealer(KeysetFile.publicKeys(publicFile));
  }

  @Test
  void privateKeyFileIsReadableByItsOwnerOnlyAndPublicFileHoldsNoSecret() throws IOException {
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(privateFile)))
        .isEqualTo("rw-------");
    assertThat(Files.readString(publicFile))
        .contains("ASYMMETRIC_PUBLIC")
        .doesNotContain("ASYMMETRIC_PRIVATE");
  }

  @Test
  void sealedValueOpensWithThePrivateKeyAndIsNotStoredInClear() {
    Secret secret = secret(1, null, "PYPI_TOKEN", "pypi-AgEIcHlwaS5vcmc");

    assertThat(new String(secret.getCiphertext(), StandardCharsets.ISO_8859_1))
        .doesNotContain("pypi-AgEIcHlwaS5vcmc");
    assertThat(runnerVault().open(secret)).isEqualTo("pypi-AgEIcHlwaS5vcmc");
  }

  @Test
  void ciphertextMovedToAnotherSecretDoesNotOpen() {
    Secret original = secret(1, null, "PYPI_TOKEN", "pypi-AgEIcHlwaS5vcmc");
    SecretVault vault = runnerVault();
    for (Secret other :
        List.of(
            secret(2, null, "PYPI_TOKEN", "x-x-x-x"),
            secret(1, 7L, "PYPI_TOKEN", "x-x-x-x"),
            secret(1, null, "OTHER_TOKEN", "x-x-x-x"))) {
      other.seal(original.getCiphertext(), NOW);
      assertThatThrownBy(() -> vault.open(other))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("cannot be opened")
          .hasMessageNotContaining("pypi-AgEIcHlwaS5vcmc");
    }
  }

  @Test
  void vaultOfANodeWithoutRunnerOrUploaderRoleHasNoKeyAndRefuses() {
    SecretVault vault = new SecretVault(WEB, null, null, audit);

    assertThat(vault.holdsPrivateKey()).isFalse();
    assertThatThrownBy(() -> vault.open(secret(1, null, "PYPI_TOKEN", "pypi-AgEIcHlwaS5vcmc")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "This node's roles (scheduler, web) do not allow opening secrets: only runner and uploader"
                + " nodes hold the private key.");
    verify(audit)
        .recordIndependently(
            argThat(
                e ->
                    e.action() == AuditAction.SECRET_OPEN_REFUSED
                        && e.targetName().equals("web-1")
                        && e.detail().equals("secrets PYPI_TOKEN; node roles: scheduler, web")));
  }

  @Test
  void missingPrivateKeyFileIsNamedInTheError() throws IOException {
    Files.delete(privateFile);
    assertThatThrownBy(() -> SecretKeys.readPrivate(privateFile))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("need the secrets private key")
        .hasMessageContaining(privateFile.toString());
  }

  @Test
  void generatingNeverOverwritesAKey() {
    assertThatThrownBy(() -> SecretKeys.generate(keys.resolve("other-public.json"), privateFile))
        .isInstanceOf(IOException.class);
  }

  private SecretVault runnerVault() {
    return new SecretVault(RUNNER, KeysetFile.privateKeys(privateFile), null, audit);
  }

  private Secret secret(long id, Long projectId, String name, String value) {
    Secret secret = new Secret(id, projectId, name, "", NOW);
    sealer.seal(secret, value, NOW);
    return secret;
  }
}
