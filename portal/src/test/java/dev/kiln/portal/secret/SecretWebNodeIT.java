package dev.kiln.portal.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.portal.WebNodeSpringTest;
import dev.kiln.portal.audit.AuditAction;
import dev.kiln.portal.audit.AuditEntry;
import dev.kiln.portal.audit.AuditFilter;
import dev.kiln.portal.audit.AuditLog;
import dev.kiln.portal.node.NodeProperties;
import dev.kiln.portal.node.NodeRole;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.domain.PageRequest;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** A web-only node starts with the public key alone, seals secrets, and cannot open them. */
@WithMockUser(roles = "ADMIN") // managing secrets is for admins
class SecretWebNodeIT extends WebNodeSpringTest {

  private static final Path PUBLIC_KEY = DATA_DIR.resolve("keys/secrets-public.json");
  private static final Path PRIVATE_KEY = DATA_DIR.resolve("keys/secrets-private.json");

  @Autowired NodeProperties node;
  @Autowired SecretService secrets;
  @Autowired SecretVault vault;
  @Autowired AuditLog audit;

  /**
   * As on a real web node: the key pair was made elsewhere and only its public half was copied
   * here.
   */
  @DynamicPropertySource
  static void publicKeyOnly(DynamicPropertyRegistry registry) {
    try {
      if (!Files.exists(PUBLIC_KEY)) {
        SecretKeys.generate(PUBLIC_KEY, PRIVATE_KEY);
        Files.delete(PRIVATE_KEY);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void webNodeSealsButNeverLoadsThePrivateKeyAndRefusesToOpen() {
    assertThat(node.roles()).containsExactly(NodeRole.WEB);
    assertThat(Files.exists(PRIVATE_KEY))
        .as("no key pair generated over the copied public key")
        .isFalse();

    SecretInfo created =
        secrets.create(null, "WEB_SEALED", "sealed on a web node", "value-from-the-web");

    assertThat(secrets.list(null)).extracting(SecretInfo::name).contains("WEB_SEALED");
    assertThat(vault.holdsPrivateKey()).isFalse();
    assertThatThrownBy(() -> vault.open(1L, List.of(created.name())))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "This node's roles (web) do not allow opening secrets: only runner and uploader nodes hold the"
                + " private key.");
    // The refusal is audited, although the vault's transaction ends with the exception.
    assertThat(
            audit.list(
                new AuditFilter(null, AuditAction.SECRET_OPEN_REFUSED, null, null, null),
                PageRequest.of(0, 10)))
        .extracting(
            AuditEntry::actor,
            AuditEntry::target,
            AuditEntry::projectId,
            AuditEntry::detail,
            AuditEntry::node)
        .containsExactly(
            Tuple.tuple(
                "user",
                "node web-test-node",
                1L,
                "secrets WEB_SEALED; node roles: web",
                "web-test-node"));
  }
}
