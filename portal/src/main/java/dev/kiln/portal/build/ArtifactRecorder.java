package dev.kiln.portal.build;

import dev.kiln.plugin.api.ArtifactSink;
import dev.kiln.portal.storage.BlobStore;
import java.io.IOException;
import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Streams a build's artifacts to the blob store and records each with its size and SHA-256. */
final class ArtifactRecorder implements ArtifactSink {

  private final long buildId;
  private final BlobStore store;
  private final BuildService builds;

  ArtifactRecorder(long buildId, BlobStore store, BuildService builds) {
    this.buildId = buildId;
    this.store = store;
    this.builds = builds;
  }

  static String key(long buildId, String path) {
    return "builds/" + buildId + "/artifacts/" + path;
  }

  @Override
  public void store(String path, long size, InputStream content) throws IOException {
    String clean = checked(path);
    MessageDigest sha256;
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    store.put(key(buildId, clean), new DigestInputStream(content, sha256), size);
    builds.recordArtifact(buildId, clean, size, HexFormat.of().formatHex(sha256.digest()));
  }

  /** A relative path inside the workspace, or an exception: a plugin must not write elsewhere. */
  static String checked(String path) throws IOException {
    if (path == null || path.isBlank() || path.startsWith("/") || path.contains("\\") || path.length() > 1000) {
      throw new IOException("not a relative artifact path: " + path);
    }
    for (String part : path.split("/")) {
      if (part.isEmpty() || part.equals(".") || part.equals("..")) {
        throw new IOException("not a relative artifact path: " + path);
      }
    }
    return path;
  }
}
