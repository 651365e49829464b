package dev.kiln.portal.secret;

import com.google.crypto.tink.HybridEncrypt;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import dev.kiln.portal.secret.domain.Secret;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;

/** Seals secret values with the public key; every node can seal, whatever its roles. */
class SecretSealer {

  private final HybridEncrypt encrypt;

  SecretSealer(KeysetHandle publicKeys) {
    try {
      this.encrypt = publicKeys.getPrimitive(RegistryConfiguration.get(), HybridEncrypt.class);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("The secrets public key cannot seal values: " + e.getMessage(), e);
    }
  }

  /** Seals {@code value} into {@code secret}, bound to its id, scope and name. */
  void seal(Secret secret, String value, Instant now) {
    try {
      secret.seal(encrypt.encrypt(value.getBytes(StandardCharsets.UTF_8), secret.contextInfo()), now);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Sealing secret " + secret.getName() + " failed: " + e.getMessage(), e);
    }
  }
}
