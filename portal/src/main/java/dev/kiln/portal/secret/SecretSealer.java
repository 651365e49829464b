package dev.kiln.portal.secret;

import com.google.crypto.tink.HybridEncrypt;
import dev.kiln.portal.secret.domain.Secret;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.function.Supplier;

/** Seals secret values with the public key; every node can seal, whatever its roles. */
class SecretSealer {

  private final Supplier<HybridEncrypt> publicKeys;

  /**
   * @param publicKeys the current public keys; after a rotation, the new primary key seals
   */
  SecretSealer(Supplier<HybridEncrypt> publicKeys) {
    this.publicKeys = publicKeys;
  }

  /** Seals {@code value} into {@code secret}, bound to its id, scope and name. */
  void seal(Secret secret, String value, Instant now) {
    try {
      secret.seal(
          publicKeys.get().encrypt(value.getBytes(StandardCharsets.UTF_8), secret.contextInfo()),
          now);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(
          "Sealing secret " + secret.getName() + " failed: " + e.getMessage(), e);
    }
  }
}
