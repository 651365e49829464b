package dev.kiln.portal.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Keeps blobs as files under one folder. Writes go to a temporary file first, so readers never see
 * half a blob.
 */
class LocalBlobStore implements BlobStore {

  private final Path root;

  LocalBlobStore(Path root) throws IOException {
    this.root = root.toAbsolutePath().normalize();
    Files.createDirectories(this.root);
  }

  @Override
  public void put(String key, InputStream content, long size) throws IOException {
    Path target = resolve(key);
    Files.createDirectories(target.getParent());
    Path partial = Files.createTempFile(target.getParent(), ".upload-", ".part");
    try {
      long copied = Files.copy(content, partial, StandardCopyOption.REPLACE_EXISTING);
      if (copied != size) {
        throw new IOException("expected " + size + " bytes for " + key + " but got " + copied);
      }
      Files.move(
          partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(partial);
    }
  }

  @Override
  public InputStream open(String key) throws IOException {
    try {
      return Files.newInputStream(resolve(key));
    } catch (NoSuchFileException e) {
      throw new BlobNotFoundException(key);
    }
  }

  @Override
  public void deleteAll(String prefix) throws IOException {
    Path start = resolve(BlobStore.folder(prefix));
    if (!Files.exists(start)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(start)) {
      for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(path);
      }
    }
  }

  @Override
  public String describe() {
    return "local folder " + root;
  }

  private Path resolve(String key) {
    Path path = root.resolve(key).normalize();
    if (!path.startsWith(root) || path.equals(root)) {
      throw new IllegalArgumentException("key escapes the store: " + key);
    }
    return path;
  }
}
