package dev.kiln.builder.ssh;

import dev.kiln.plugin.api.BuildException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.Iterator;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.util.security.SecurityUtils;

/**
 * Reads the login key from the private-key secret's text: OpenSSH, PEM or PKCS#8, ed25519, ECDSA or
 * RSA, encrypted or not. Messages never quote the key or the passphrase.
 */
final class ClientKey {

  private static final NamedResource SOURCE = NamedResource.ofName("private-key secret");

  private ClientKey() {}

  /**
   * The key pair in {@code text}.
   *
   * @param passphrase the passphrase, or {@code null} when none is set
   * @throws BuildException saying what is wrong: no key, an encrypted key without passphrase, a
   *     passphrase that does not open it
   */
  static KeyPair load(String text, String passphrase) throws BuildException {
    if (text == null || text.isBlank()) {
      throw new BuildException(
          "The private-key secret is not set or could not be opened: set it on the"
              + " builder instance.");
    }
    // Pasted keys often lose their final newline or gain Windows line ends; neither matters.
    String normalized = text.strip().replace("\r\n", "\n") + "\n";
    try (InputStream in = new ByteArrayInputStream(normalized.getBytes(StandardCharsets.UTF_8))) {
      Iterable<KeyPair> pairs =
          SecurityUtils.loadKeyPairIdentities(null, SOURCE, in, passwords(passphrase));
      Iterator<KeyPair> found = pairs == null ? null : pairs.iterator();
      if (found == null || !found.hasNext()) {
        throw new BuildException(notAKey());
      }
      KeyPair pair = found.next();
      if (KeyUtils.getKeyType(pair) == null) {
        throw new BuildException(
            "The private key's type is not supported: use ed25519, ECDSA or RSA.");
      }
      return pair;
    } catch (PassphraseMissing e) {
      throw new BuildException(
          "The private key is encrypted; set the passphrase secret on the builder instance.");
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      if (passphrase != null && !passphrase.isEmpty()) {
        throw new BuildException(
            "The passphrase does not open the private key (or the key is damaged):"
                + " check the passphrase secret.");
      }
      throw new BuildException(notAKey());
    }
  }

  private static String notAKey() {
    return "The private-key secret holds no private key that can be read: paste the whole OpenSSH private"
        + " key, its BEGIN and END lines included.";
  }

  private static FilePasswordProvider passwords(String passphrase) {
    return (session, resource, retryIndex) -> {
      if (passphrase == null || passphrase.isEmpty()) {
        throw new PassphraseMissing();
      }
      return passphrase;
    };
  }

  /** Thrown out of the key parser when the key asks for a passphrase that was not given. */
  private static final class PassphraseMissing extends IOException {
    PassphraseMissing() {
      super("passphrase needed");
    }
  }
}
