package dev.kiln.plugin.api;

import java.io.IOException;
import java.io.InputStream;

/**
 * Receives a build's artifacts. Content is streamed to storage, never held whole in memory.
 *
 * @since 1.0
 */
@Stable
public interface ArtifactSink {

  /**
   * Stores one artifact.
   *
   * @param path the artifact's path relative to the workspace, with {@code /} separators
   * @param size the exact number of bytes {@code content} will deliver
   * @param content the bytes; read to its end and not closed by Kiln
   * @throws IOException when the content cannot be read or stored
   */
  void store(String path, long size, InputStream content) throws IOException;
}
