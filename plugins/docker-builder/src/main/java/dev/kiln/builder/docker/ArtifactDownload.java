package dev.kiln.builder.docker;

import com.github.dockerjava.api.DockerClient;
import dev.kiln.plugin.api.ArtifactSink;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Copies the artifacts out of the stopped container: the engine sends the workspace as one tar
 * stream, and each regular file whose path matches a pattern goes to the sink with its exact size,
 * streamed straight from the tar. One request for all artifacts, and the container need not run.
 */
final class ArtifactDownload {

  private final List<PathMatcher> matchers;

  ArtifactDownload(List<String> patterns) {
    // As in .gitignore, and as the local builder does, "**/x" also matches x at the top of the workspace.
    this.matchers = patterns.stream()
        .flatMap(p -> p.startsWith("**/") ? Stream.of(p, p.substring(3)) : Stream.of(p))
        .map(p -> FileSystems.getDefault().getPathMatcher("glob:" + p))
        .toList();
  }

  /** Whether any pattern was given; without one, nothing is copied out. */
  boolean wanted() {
    return !matchers.isEmpty();
  }

  /** Stores every matching file of the container's workspace; returns how many. */
  int copy(DockerClient client, String id, ArtifactSink sink) throws IOException {
    String prefix = WorkspaceUpload.WORKSPACE.substring(1) + "/";
    int stored = 0;
    try (InputStream archive = client.copyArchiveFromContainerCmd(id, WorkspaceUpload.WORKSPACE).exec();
        TarArchiveInputStream tar = new TarArchiveInputStream(archive)) {
      TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        if (!entry.isFile() || entry.isLink() || !entry.getName().startsWith(prefix)) {
          continue;
        }
        String path = entry.getName().substring(prefix.length());
        if (matches(path)) {
          sink.store(path, entry.getSize(), new Unclosable(tar));
          stored++;
        }
      }
    }
    return stored;
  }

  boolean matches(String path) {
    Path relative = Path.of(path);
    return matchers.stream().anyMatch(m -> m.matches(relative));
  }

  /** The current tar entry's bytes; closing it must not close the whole archive. */
  private static final class Unclosable extends FilterInputStream {

    Unclosable(InputStream in) {
      super(in);
    }

    @Override
    public void close() {
      // The archive is closed once, after the last entry.
    }
  }
}
