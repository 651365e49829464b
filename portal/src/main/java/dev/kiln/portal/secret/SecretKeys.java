package dev.kiln.portal.secret;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeyTemplates;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.hybrid.HybridConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;

/**
 * The secrets' key pair on disk: Tink keysets in JSON, for HPKE (X25519, HKDF-SHA256, AES-256-GCM).
 * The private file is created readable by its owner only.
 */
final class SecretKeys {

  static final String TEMPLATE = "DHKEM_X25519_HKDF_SHA256_HKDF_SHA256_AES_256_GCM";

  static {
    try {
      HybridConfig.register();
    } catch (GeneralSecurityException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private SecretKeys() {}

  /** Creates a new key pair in both files; refuses to overwrite either. */
  static void generate(Path publicFile, Path privateFile) throws IOException {
    try {
      KeysetHandle pair = KeysetHandle.generateNew(KeyTemplates.get(TEMPLATE));
      String privateJson = TinkJsonProtoKeysetFormat.serializeKeyset(pair, InsecureSecretKeyAccess.get());
      String publicJson = TinkJsonProtoKeysetFormat.serializeKeysetWithoutSecret(pair.getPublicKeysetHandle());
      createParent(privateFile);
      createParent(publicFile);
      // Created with owner-only permissions, so the private key is never readable by others, not even briefly.
      Files.createFile(privateFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(privateFile, privateJson, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
      Files.writeString(publicFile, publicJson, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Could not generate the secrets key pair: " + e.getMessage(), e);
    }
  }

  /** The public keyset, which seals values. */
  static KeysetHandle readPublic(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalStateException("The secrets public key file " + file + " does not exist. Copy it from the"
          + " node that created the key pair, or set kiln.secrets.public-key-file (KILN_SECRETS_PUBLIC_KEY_FILE)."
          + " For a new pair, start one node once with KILN_SECRETS_GENERATE_KEYS=true.");
    }
    try {
      return TinkJsonProtoKeysetFormat.parseKeysetWithoutSecret(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("The secrets public key file " + file + " cannot be read: " + e.getMessage(), e);
    }
  }

  /** The private keyset, which opens values; only runner and uploader nodes read it. */
  static KeysetHandle readPrivate(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalStateException("This node's roles (runner or uploader) need the secrets private key, but the"
          + " file " + file + " does not exist. Copy it from the node that created the key pair, or set"
          + " kiln.secrets.private-key-file (KILN_SECRETS_PRIVATE_KEY_FILE).");
    }
    try {
      return TinkJsonProtoKeysetFormat.parseKeyset(Files.readString(file, StandardCharsets.UTF_8),
          InsecureSecretKeyAccess.get());
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("The secrets private key file " + file + " cannot be read: " + e.getMessage(), e);
    }
  }

  private static void createParent(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
  }

  /** Whether neither key file exists yet: the only case in which a pair may be generated. */
  static boolean bothMissing(Path publicFile, Path privateFile) {
    return !Files.exists(publicFile) && !Files.exists(privateFile);
  }
}
