package dev.kiln.portal.secret;

import dev.kiln.portal.audit.AuditLog;
import dev.kiln.portal.database.EmbeddedDatabaseCondition;
import dev.kiln.portal.node.NodeProperties;
import dev.kiln.portal.secret.domain.SecretRepository;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Loads the secrets' keys at start-up: the public key on every node, the private key only on runner
 * and uploader nodes. A missing key file stops the start with a message naming it; a key file that
 * changes later (a rotated pair copied in) is read again.
 */
@Configuration(proxyBeanMethods = false)
class SecretsConfig {

  private static final Logger log = LoggerFactory.getLogger(SecretsConfig.class);

  @Bean
  SecretSealer secretSealer(SecretProperties properties, Environment environment) {
    boolean generate =
        properties.generateKeys() != null
            ? properties.generateKeys()
            : EmbeddedDatabaseCondition.isEmbedded(environment);
    if (generate
        && SecretKeys.bothMissing(properties.publicKeyFile(), properties.privateKeyFile())) {
      try {
        SecretKeys.generate(properties.publicKeyFile(), properties.privateKeyFile());
      } catch (IOException e) {
        throw new UncheckedIOException(
            "Could not write the secrets key pair: " + e.getMessage(), e);
      }
      log.info(
          "Created the secrets key pair: {} and {}",
          properties.publicKeyFile(),
          properties.privateKeyFile());
    }
    return new SecretSealer(KeysetFile.publicKeys(properties.publicKeyFile()));
  }

  /**
   * Takes the sealer so that the key pair, when it is generated, exists before the private key is
   * read.
   */
  @Bean
  SecretVault secretVault(
      SecretSealer sealer,
      SecretProperties properties,
      NodeProperties node,
      SecretRepository secrets,
      AuditLog audit) {
    // By construction: a node whose roles do not open secrets never reads the private key file.
    return new SecretVault(
        node,
        node.opensSecrets() ? KeysetFile.privateKeys(properties.privateKeyFile()) : null,
        secrets,
        audit);
  }
}
