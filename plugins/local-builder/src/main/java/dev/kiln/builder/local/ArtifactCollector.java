package dev.kiln.builder.local;

import dev.kiln.plugin.api.BuildContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import java.util.stream.Stream;

/** Finds the workspace files that match the artifact patterns and streams them to the sink. */
final class ArtifactCollector {

  private final Path workspace;
  private final List<PathMatcher> matchers;

  ArtifactCollector(Path workspace, List<String> patterns) {
    this.workspace = workspace;
    // As in .gitignore, "**/x" also matches x at the top of the workspace.
    this.matchers = patterns.stream()
        .flatMap(p -> p.startsWith("**/") ? Stream.of(p, p.substring(3)) : Stream.of(p))
        .map(p -> FileSystems.getDefault().getPathMatcher("glob:" + p))
        .toList();
  }

  void collect(BuildContext context) throws IOException {
    if (matchers.isEmpty()) {
      return;
    }
    int stored = 0;
    try (Stream<Path> files = Files.walk(workspace)) {
      for (Path file : (Iterable<Path>) files.filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS))::iterator) {
        Path relative = workspace.relativize(file);
        if (matchers.stream().anyMatch(m -> m.matches(relative))) {
          try (InputStream in = Files.newInputStream(file)) {
            context.artifacts().store(relative.toString().replace('\\', '/'), Files.size(file), in);
          }
          stored++;
        }
      }
    }
    context.log().notice(stored == 0 ? "No file matched the artifact patterns." : "Stored " + stored + " artifact(s).");
  }
}
