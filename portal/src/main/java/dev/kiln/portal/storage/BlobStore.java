package dev.kiln.portal.storage;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Where build logs and artifacts are kept: a local folder on a single machine, or an S3-compatible
 * bucket. Keys are {@code /}-separated paths. Content is streamed both ways, never held whole.
 */
public interface BlobStore {

  /**
   * Stores exactly {@code size} bytes from {@code content} under {@code key}, replacing any earlier
   * blob.
   */
  void put(String key, InputStream content, long size) throws IOException;

  /** Stores a small blob held in memory (a log chunk). */
  default void put(String key, byte[] content) throws IOException {
    put(key, new ByteArrayInputStream(content), content.length);
  }

  /**
   * Opens a stored blob for reading.
   *
   * @throws BlobNotFoundException when nothing is stored under {@code key}
   */
  InputStream open(String key) throws IOException;

  /**
   * Deletes every blob under the folder {@code prefix} ({@code "builds/1"} never touches {@code
   * "builds/10/…"}).
   */
  void deleteAll(String prefix) throws IOException;

  /** The folder form of a prefix: not empty, ending in {@code /}. */
  static String folder(String prefix) {
    if (prefix == null || prefix.isBlank() || prefix.startsWith("/")) {
      throw new IllegalArgumentException("not a folder of the store: '" + prefix + "'");
    }
    return prefix.endsWith("/") ? prefix : prefix + "/";
  }

  /**
   * A short description for logs and the admin screens, for example {@code s3://bucket at
   * endpoint}.
   */
  String describe();

  /** Thrown when a blob that should exist does not. */
  class BlobNotFoundException extends IOException {
    public BlobNotFoundException(String key) {
      super("no blob stored under " + key);
    }
  }

  /** Wraps an {@link IOException} for use in streams and lambdas. */
  static UncheckedIOException unchecked(IOException e) {
    return new UncheckedIOException(e);
  }
}
