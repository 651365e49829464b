package dev.kiln.plugin.support;

import dev.kiln.plugin.api.ArtifactMatcher;
import dev.kiln.plugin.api.BuildContext;
import dev.kiln.plugin.api.BuildException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Finds the workspace files that match the artifact patterns and streams them to the sink. It stops
 * as soon as the build is cancelled or times out, and after {@link
 * ArtifactMatcher#MAX_FILES_EXAMINED} files, so that a huge workspace cannot keep the node busy
 * after its build has ended. The rules are Kiln's own builders': patterns are {@link
 * ArtifactMatcher}'s globs on the path relative to the workspace with {@code /} separators, only
 * regular files are stored, and symbolic links are neither stored nor followed into folders.
 */
public final class ArtifactCollector {

  private final Path workspace;
  private final ArtifactMatcher matcher;
  private final int maxExamined;

  /** A collector of the files under {@code workspace} that {@code matcher} accepts. */
  public ArtifactCollector(Path workspace, ArtifactMatcher matcher, int maxExamined) {
    this.workspace = workspace;
    this.matcher = matcher;
    this.maxExamined = maxExamined;
  }

  /**
   * A collector for the build's patterns, made before the script runs.
   *
   * @throws BuildException when a pattern is not usable: a build queued before Kiln's limits
   *     existed
   */
  public static ArtifactCollector forPatterns(Path workspace, List<String> patterns)
      throws BuildException {
    try {
      return new ArtifactCollector(
          workspace, ArtifactMatcher.of(patterns), ArtifactMatcher.MAX_FILES_EXAMINED);
    } catch (IllegalArgumentException e) {
      throw new BuildException(
          "The artifact patterns cannot be used: "
              + e.getMessage()
              + " Edit the project's artifact patterns.",
          e);
    }
  }

  /**
   * Stores each matching file in {@code context}'s artifact sink, in walk order, and notices how
   * many it stored; stops early, with a notice, on cancellation or interruption.
   */
  public void collect(BuildContext context) throws IOException {
    if (matcher.isEmpty()) {
      return;
    }
    int stored = 0;
    int examined = 0;
    try (Stream<Path> files = Files.walk(workspace)) {
      for (Iterator<Path> walk = files.iterator(); walk.hasNext(); ) {
        if (context.cancellation().isRequested() || Thread.currentThread().isInterrupted()) {
          context
              .log()
              .notice(
                  "Stopped looking for artifacts: the build was stopped. Stored "
                      + stored
                      + " artifact(s) until then.");
          return;
        }
        if (++examined > maxExamined) {
          context
              .log()
              .notice(
                  "Stopped looking for artifacts after "
                      + maxExamined
                      + " files and folders;"
                      + " the rest of the workspace was not searched.");
          break;
        }
        Path file = walk.next();
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
          continue;
        }
        String relative = workspace.relativize(file).toString().replace('\\', '/');
        if (matcher.matches(relative)) {
          try (InputStream in = Files.newInputStream(file)) {
            context.artifacts().store(relative, Files.size(file), in);
          }
          stored++;
        }
      }
    }
    context
        .log()
        .notice(
            stored == 0
                ? "No file matched the artifact patterns."
                : "Stored " + stored + " artifact(s).");
  }
}
