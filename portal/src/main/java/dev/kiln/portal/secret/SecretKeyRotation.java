package dev.kiln.portal.secret;

import com.google.crypto.tink.HybridDecrypt;
import com.google.crypto.tink.HybridEncrypt;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import dev.kiln.portal.secret.domain.Secret;
import dev.kiln.portal.secret.domain.SecretRepository;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Rotates the secrets' key pair, where the private key is. {@link #rotate} adds a new primary key
 * and seals every value again under it, in one transaction; the old keys stay in the keyset, so
 * that values sealed with the old public key (by a node that has not got the new file yet) still
 * open. {@link #dropOldKeys}, once every node has the new files, seals again whatever is still
 * under an old key and removes the old keys. Values are held only while they are sealed again.
 */
class SecretKeyRotation {

  /**
   * What a step did.
   *
   * @param resealed how many values were sealed again
   * @param primaryKeyId the key that seals from now on
   * @param otherKeyIds after {@link #rotate}, the old keys still kept; after {@link #dropOldKeys},
   *     the keys removed
   * @param backup the copy of the private key file as it was before, or {@code null} when nothing
   *     changed
   */
  record Outcome(int resealed, int primaryKeyId, List<Integer> otherKeyIds, Path backup) {}

  private final SecretRepository secrets;
  private final TransactionTemplate transactions;
  private final SecretProperties files;
  private final Clock clock;

  SecretKeyRotation(
      SecretRepository secrets,
      TransactionTemplate transactions,
      SecretProperties files,
      Clock clock) {
    this.secrets = secrets;
    this.transactions = transactions;
    this.files = files;
    this.clock = clock;
  }

  /**
   * Adds a new primary key and seals every value again under it. The key files are written first:
   * should sealing fail, the new keyset still opens every value, and running this again is safe.
   */
  Outcome rotate() throws IOException {
    KeysetHandle keys = withNewPrimary(readPrivateKeys());
    Path backup = SecretKeys.backup(files.privateKeyFile(), clock.instant());
    SecretKeys.write(files.publicKeyFile(), files.privateKeyFile(), keys);
    int resealed;
    try {
      resealed = transactions.execute(status -> reseal(keys, false));
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          e.getMessage()
              + " The key files hold the new key beside the old ones, so"
              + " every value still opens.",
          e);
    }
    return new Outcome(resealed, keys.getPrimary().getId(), oldKeyIds(keys), backup);
  }

  /** Seals again what is still under an old key, then removes the old keys from both files. */
  Outcome dropOldKeys() throws IOException {
    KeysetHandle keys = readPrivateKeys();
    List<Integer> old = oldKeyIds(keys);
    if (old.isEmpty()) {
      return new Outcome(0, keys.getPrimary().getId(), old, null);
    }
    int resealed = transactions.execute(status -> reseal(keys, true));
    Path backup = SecretKeys.backup(files.privateKeyFile(), clock.instant());
    SecretKeys.write(files.publicKeyFile(), files.privateKeyFile(), primaryOnly(keys));
    return new Outcome(resealed, keys.getPrimary().getId(), old, backup);
  }

  private KeysetHandle readPrivateKeys() {
    Path file = files.privateKeyFile();
    if (!Files.isRegularFile(file)) {
      throw new IllegalStateException(
          "This node has no secrets private key ("
              + file
              + "), so it cannot open the"
              + " values to seal them again. Run the command on a runner or uploader node, which holds it; if the file"
              + " is elsewhere, give its path with --kiln.secrets.private-key-file=...");
    }
    return SecretKeys.readPrivate(file);
  }

  private int reseal(KeysetHandle keys, boolean onlyUnderOldKeys) {
    HybridDecrypt opener = primitive(keys, HybridDecrypt.class);
    HybridEncrypt sealer = primitive(publicKeys(keys), HybridEncrypt.class);
    int primary = keys.getPrimary().getId();
    int count = 0;
    for (Secret secret : secrets.findAllForUpdate()) {
      if (onlyUnderOldKeys && SecretKeys.keyId(secret.getCiphertext()) == primary) {
        continue;
      }
      byte[] value = open(opener, secret);
      try {
        secret.reseal(sealer.encrypt(value, secret.contextInfo()));
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(
            "Sealing secret " + secret.getName() + " again failed: " + e.getMessage(), e);
      } finally {
        Arrays.fill(value, (byte) 0);
      }
      count++;
    }
    return count;
  }

  private byte[] open(HybridDecrypt opener, Secret secret) {
    try {
      return opener.decrypt(secret.getCiphertext(), secret.contextInfo());
    } catch (GeneralSecurityException e) {
      String scope =
          secret.getProjectId() == null ? "global" : "of project " + secret.getProjectId();
      throw new IllegalStateException(
          "Secret "
              + secret.getName()
              + " ("
              + scope
              + ", id "
              + secret.getId()
              + ") does not open with the private key in "
              + files.privateKeyFile()
              + ", so no value was sealed again."
              + " Replace its value (or delete it), then run the command again.",
          e);
    }
  }

  /**
   * The keyset with a new key pair added as its primary; the old keys stay, to open what they
   * sealed.
   */
  static KeysetHandle withNewPrimary(KeysetHandle keys) {
    try {
      return KeysetHandle.newBuilder(keys)
          .addEntry(
              KeysetHandle.generateEntryFromParametersName(SecretKeys.TEMPLATE)
                  .withRandomId()
                  .makePrimary())
          .build();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Could not generate a new secrets key: " + e.getMessage(), e);
    }
  }

  /** The keyset with its primary key only. */
  static KeysetHandle primaryOnly(KeysetHandle keys) {
    KeysetHandle.Builder builder = KeysetHandle.newBuilder(keys);
    for (int i = builder.size() - 1; i >= 0; i--) {
      if (!builder.getAt(i).isPrimary()) {
        builder.deleteAt(i);
      }
    }
    try {
      return builder.build();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(
          "Could not remove the old secrets keys: " + e.getMessage(), e);
    }
  }

  /** The ids of the keys that are not primary. */
  static List<Integer> oldKeyIds(KeysetHandle keys) {
    List<Integer> ids = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      if (!keys.getAt(i).isPrimary()) {
        ids.add(keys.getAt(i).getId());
      }
    }
    return ids;
  }

  private static KeysetHandle publicKeys(KeysetHandle keys) {
    try {
      return keys.getPublicKeysetHandle();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(
          "The secrets keyset has no public keys: " + e.getMessage(), e);
    }
  }

  private static <P> P primitive(KeysetHandle keys, Class<P> type) {
    try {
      return keys.getPrimitive(RegistryConfiguration.get(), type);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(
          "The secrets keyset cannot make a " + type.getSimpleName() + ": " + e.getMessage(), e);
    }
  }
}
