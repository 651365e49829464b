package dev.kiln.portal.build;

import dev.kiln.plugin.api.ArtifactSink;
import dev.kiln.portal.storage.BlobStore;
import java.io.IOException;
import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Streams a build's artifacts to the blob store and records each with its size and SHA-256, under
 * the name {@link ArtifactNames} gives it: never a secret, a control character or an overlong path.
 */
final class ArtifactRecorder implements ArtifactSink {

  private final long buildId;
  private final BlobStore store;
  private final BuildService builds;
  private final LogWriter log;
  private final ArtifactNames names;

  ArtifactRecorder(long buildId, BlobStore store, BuildService builds, LogWriter log) {
    this.buildId = buildId;
    this.store = store;
    this.builds = builds;
    this.log = log;
    this.names = new ArtifactNames(log::masked);
  }

  static String key(long buildId, String path) {
    return "builds/" + buildId + "/artifacts/" + path;
  }

  @Override
  public void store(String path, long size, InputStream content) throws IOException {
    ArtifactNames.Name name = names.name(path);
    String clean = name.path();
    if (name.renamedBecause() != null) {
      log.notice("An artifact is stored as " + clean + " because " + name.renamedBecause() + ".");
    }
    MessageDigest sha256;
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    store.put(key(buildId, clean), new DigestInputStream(content, sha256), size);
    builds.recordArtifact(buildId, clean, size, HexFormat.of().formatHex(sha256.digest()));
  }
}
