package dev.kiln.builder.docker;

import com.github.dockerjava.api.DockerClient;
import dev.kiln.plugin.api.ArtifactMatcher;
import dev.kiln.plugin.api.BuildContext;
import dev.kiln.plugin.api.BuildException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Copies the artifacts out of the stopped container: the engine sends the workspace as one tar
 * stream, and each regular file whose path matches a pattern goes to the sink with its exact size,
 * streamed straight from the tar. One request for all artifacts, and the container need not run.
 * Paths are matched with {@link ArtifactMatcher}, as on every builder; copying stops when the build
 * is stopped, and after {@link ArtifactMatcher#MAX_FILES_EXAMINED} entries.
 */
final class ArtifactDownload {

  private final ArtifactMatcher matcher;
  private final int maxExamined;

  ArtifactDownload(ArtifactMatcher matcher, int maxExamined) {
    this.matcher = matcher;
    this.maxExamined = maxExamined;
  }

  /**
   * The download for a build's patterns, made before the container starts.
   *
   * @throws BuildException when a pattern is not usable: a build queued before Kiln's limits
   *     existed
   */
  static ArtifactDownload forPatterns(List<String> patterns) throws BuildException {
    try {
      return new ArtifactDownload(ArtifactMatcher.of(patterns), ArtifactMatcher.MAX_FILES_EXAMINED);
    } catch (IllegalArgumentException e) {
      throw new BuildException(
          "The artifact patterns cannot be used: "
              + e.getMessage()
              + " Edit the project's artifact patterns.",
          e);
    }
  }

  /** Whether any pattern was given; without one, nothing is copied out. */
  boolean wanted() {
    return !matcher.isEmpty();
  }

  /**
   * Stores every matching file of the container's workspace, until the build is stopped; returns
   * how many.
   */
  int copy(DockerClient client, String id, BuildContext context) throws IOException {
    String prefix = WorkspaceUpload.WORKSPACE.substring(1) + "/";
    int stored = 0;
    int examined = 0;
    try (InputStream archive =
            client.copyArchiveFromContainerCmd(id, WorkspaceUpload.WORKSPACE).exec();
        TarArchiveInputStream tar = new TarArchiveInputStream(archive)) {
      TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        if (context.cancellation().isRequested()) {
          context
              .log()
              .notice(
                  "Stopped looking for artifacts: the build was stopped. Stored "
                      + stored
                      + " artifact(s) until then.");
          break;
        }
        if (++examined > maxExamined) {
          context
              .log()
              .notice(
                  "Stopped looking for artifacts after "
                      + maxExamined
                      + " files and folders; the"
                      + " rest of the workspace was not searched.");
          break;
        }
        if (!entry.isFile() || entry.isLink() || !entry.getName().startsWith(prefix)) {
          continue;
        }
        String path = entry.getName().substring(prefix.length());
        if (matcher.matches(path)) {
          context.artifacts().store(path, entry.getSize(), new Unclosable(tar));
          stored++;
        }
      }
    }
    return stored;
  }

  boolean matches(String path) {
    return matcher.matches(path);
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
