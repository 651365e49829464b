package dev.kiln.portal.secret;

import com.google.crypto.tink.HybridDecrypt;
import com.google.crypto.tink.HybridEncrypt;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A key file's primitive, read again whenever the file changes, so that a running node takes up a
 * rotated key pair as soon as it is copied there, without a restart. A changed file that cannot be
 * read (a copy still being written) leaves the keys read before in use until it can.
 *
 * @param <P> what the keys do: {@link HybridEncrypt} for the public file, {@link HybridDecrypt} for
 *     the private one
 */
final class KeysetFile<P> implements Supplier<P> {

  private static final Logger log = LoggerFactory.getLogger(KeysetFile.class);

  private record Loaded<P>(Object stamp, P primitive) {}

  private final Path file;
  private final Function<Path, KeysetHandle> read;
  private final Class<P> primitive;
  private volatile Loaded<P> loaded;

  private KeysetFile(Path file, Function<Path, KeysetHandle> read, Class<P> primitive) {
    this.file = file;
    this.read = read;
    this.primitive = primitive;
    this.loaded = load(stamp()); // a file that cannot be read stops the start
  }

  /** The public keys, which seal; fails at once when the file is missing or unreadable. */
  static KeysetFile<HybridEncrypt> publicKeys(Path file) {
    return new KeysetFile<>(file, SecretKeys::readPublic, HybridEncrypt.class);
  }

  /** The private keys, which open; fails at once when the file is missing or unreadable. */
  static KeysetFile<HybridDecrypt> privateKeys(Path file) {
    return new KeysetFile<>(file, SecretKeys::readPrivate, HybridDecrypt.class);
  }

  @Override
  public P get() {
    Loaded<P> current = loaded;
    Object stamp = stamp();
    if (!Objects.equals(stamp, current.stamp())) {
      try {
        current = load(stamp);
        loaded = current;
        log.info("Read the changed secrets key file {}", file);
      } catch (RuntimeException e) {
        log.warn(
            "The secrets key file {} changed but cannot be used yet; the keys read before stay in use: {}",
            file,
            e.getMessage());
      }
    }
    return current.primitive();
  }

  private Loaded<P> load(Object stamp) {
    try {
      return new Loaded<>(
          stamp, read.apply(file).getPrimitive(RegistryConfiguration.get(), primitive));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(
          "The secrets key file "
              + file
              + " holds no usable "
              + primitive.getSimpleName()
              + " keys: "
              + e.getMessage(),
          e);
    }
  }

  /** What tells a changed file: replaced (another inode), rewritten (time), or cut short (size). */
  private Object stamp() {
    try {
      BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
      return List.of(
          String.valueOf(attributes.fileKey()), attributes.lastModifiedTime(), attributes.size());
    } catch (IOException e) {
      return List.of(); // missing for a moment while being replaced: read it when it is back
    }
  }
}
