package dev.kiln.portal.secret;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeyTemplates;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.hybrid.HybridConfig;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Set;

/**
 * The secrets' key pair on disk: Tink keysets in JSON, for HPKE (X25519, HKDF-SHA256, AES-256-GCM).
 * The private file is created readable by its owner only. A keyset may hold several keys (after a
 * rotation): the primary one seals, all of them open.
 */
final class SecretKeys {

  static final String TEMPLATE = "DHKEM_X25519_HKDF_SHA256_HKDF_SHA256_AES_256_GCM";

  private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
  private static final DateTimeFormatter BACKUP_TIME =
      DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

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
      String privateJson =
          TinkJsonProtoKeysetFormat.serializeKeyset(pair, InsecureSecretKeyAccess.get());
      String publicJson =
          TinkJsonProtoKeysetFormat.serializeKeysetWithoutSecret(pair.getPublicKeysetHandle());
      createParent(privateFile);
      createParent(publicFile);
      // Created with owner-only permissions, so the private key is never readable by others, not
      // even briefly.
      Files.createFile(privateFile, OWNER_ONLY);
      Files.writeString(
          privateFile, privateJson, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
      Files.writeString(
          publicFile, publicJson, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(
          "Could not generate the secrets key pair: " + e.getMessage(), e);
    }
  }

  /** The public keyset, which seals values. */
  static KeysetHandle readPublic(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalStateException(
          "The secrets public key file "
              + file
              + " does not exist. Copy it from the"
              + " node that created the key pair, or set kiln.secrets.public-key-file (KILN_SECRETS_PUBLIC_KEY_FILE)."
              + " For a new pair, start one node once with KILN_SECRETS_GENERATE_KEYS=true.");
    }
    try {
      return TinkJsonProtoKeysetFormat.parseKeysetWithoutSecret(
          Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException(
          "The secrets public key file " + file + " cannot be read: " + e.getMessage(), e);
    }
  }

  /** The private keyset, which opens values; only runner and uploader nodes read it. */
  static KeysetHandle readPrivate(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalStateException(
          "This node's roles (runner or uploader) need the secrets private key, but the"
              + " file "
              + file
              + " does not exist. Copy it from the node that created the key pair, or set"
              + " kiln.secrets.private-key-file (KILN_SECRETS_PRIVATE_KEY_FILE).");
    }
    try {
      return TinkJsonProtoKeysetFormat.parseKeyset(
          Files.readString(file, StandardCharsets.UTF_8), InsecureSecretKeyAccess.get());
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException(
          "The secrets private key file " + file + " cannot be read: " + e.getMessage(), e);
    }
  }

  /**
   * Replaces both files with {@code keys}, each atomically (a temporary file beside it, then a
   * rename), so that a node reading them never sees half a file. The private file first: should the
   * public one fail, values are still sealed with a key that the private file holds.
   */
  static void write(Path publicFile, Path privateFile, KeysetHandle keys) throws IOException {
    try {
      writeAtomically(
          privateFile,
          TinkJsonProtoKeysetFormat.serializeKeyset(keys, InsecureSecretKeyAccess.get()),
          null);
      String publicJson =
          TinkJsonProtoKeysetFormat.serializeKeysetWithoutSecret(keys.getPublicKeysetHandle());
      writeAtomically(
          publicFile,
          publicJson,
          Files.exists(publicFile)
              ? Files.getPosixFilePermissions(publicFile)
              : PosixFilePermissions.fromString("rw-r--r--"));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("The secrets keys cannot be written: " + e.getMessage(), e);
    }
  }

  /**
   * Copies the private file beside itself, owner-only, named after the time; refuses to overwrite.
   *
   * @return the copy
   */
  static Path backup(Path privateFile, Instant now) throws IOException {
    Path copy =
        privateFile.resolveSibling(
            privateFile.getFileName() + "." + BACKUP_TIME.format(now) + ".bak");
    Files.createFile(copy, OWNER_ONLY);
    Files.write(copy, Files.readAllBytes(privateFile), StandardOpenOption.TRUNCATE_EXISTING);
    return copy;
  }

  /** The id of the key a value was sealed with, from the 5-byte prefix Tink puts before it. */
  static int keyId(byte[] ciphertext) {
    if (ciphertext.length < 5 || ciphertext[0] != 1) {
      throw new IllegalArgumentException("not a Tink ciphertext with a key id");
    }
    return ByteBuffer.wrap(ciphertext, 1, 4).getInt();
  }

  /**
   * Writes {@code text} to a new owner-only file beside {@code file}, then renames it over {@code
   * file}.
   */
  private static void writeAtomically(Path file, String text, Set<PosixFilePermission> permissions)
      throws IOException {
    createParent(file);
    Path temporary =
        Files.createTempFile(
            file.toAbsolutePath().getParent(), "." + file.getFileName(), ".tmp", OWNER_ONLY);
    try {
      try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
        ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        while (bytes.hasRemaining()) {
          channel.write(bytes);
        }
        channel.force(true);
      }
      if (permissions != null) {
        Files.setPosixFilePermissions(temporary, permissions);
      }
      Files.move(
          temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temporary);
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
