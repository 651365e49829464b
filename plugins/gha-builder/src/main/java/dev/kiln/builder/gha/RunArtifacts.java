package dev.kiln.builder.gha;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kiln.plugin.api.BuildContext;
import dev.kiln.plugin.api.BuildException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.Enumeration;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Stores a completed run's artifacts as the build's: each artifact is a zip on GitHub, and each
 * file in it is stored as {@code <artifact name>/<path in the zip>}. With artifact patterns, only
 * files whose stored path or path in the zip matches one are kept.
 */
final class RunArtifacts {

  private final List<PathMatcher> matchers;

  RunArtifacts(List<String> patterns) {
    // As in .gitignore, "**/x" also matches x at the top.
    this.matchers = patterns.stream()
        .flatMap(p -> p.startsWith("**/") ? Stream.of(p, p.substring(3)) : Stream.of(p))
        .map(p -> FileSystems.getDefault().getPathMatcher("glob:" + p))
        .toList();
  }

  /** Downloads and stores the artifacts of run {@code id}. */
  void store(GitHubApi api, GhaSettings settings, long id, BuildContext context)
      throws BuildException, InterruptedException {
    List<JsonNode> artifacts = Pages.all(api,
        settings.repoPath() + "/actions/runs/" + id + "/artifacts?per_page=" + Pages.PER_PAGE, "artifacts");
    int stored = 0;
    for (JsonNode artifact : artifacts) {
      String name = artifact.path("name").asText("artifact-" + artifact.path("id").asText());
      if (artifact.path("expired").asBoolean(false)) {
        context.log().notice("Artifact " + name + " has expired on GitHub; not stored.");
        continue;
      }
      Path zip = context.workDirectory().resolve("artifact-" + artifact.path("id").asLong() + ".zip");
      try {
        api.download(settings.repoPath() + "/actions/artifacts/" + artifact.path("id").asLong() + "/zip", zip);
        stored += storeEntries(name, zip, context);
      } catch (IOException e) {
        throw new BuildException("Could not store artifact " + name + ": " + e.getMessage(), e);
      } finally {
        RunLogs.deleteQuietly(zip);
      }
    }
    context.log().notice(artifacts.isEmpty() ? "The run uploaded no artifacts."
        : "Stored " + stored + " file(s) from " + artifacts.size() + " artifact(s).");
  }

  private int storeEntries(String name, Path file, BuildContext context) throws IOException {
    int stored = 0;
    try (ZipFile zip = new ZipFile(file.toFile())) {
      for (Enumeration<? extends ZipEntry> entries = zip.entries(); entries.hasMoreElements(); ) {
        ZipEntry entry = entries.nextElement();
        String inner = entry.getName();
        if (entry.isDirectory() || !safe(inner) || !wanted(name + "/" + inner, inner)) {
          continue;
        }
        try (InputStream in = zip.getInputStream(entry)) {
          context.artifacts().store(name + "/" + inner, entry.getSize(), in);
        }
        stored++;
      }
    }
    return stored;
  }

  private boolean wanted(String stored, String inner) {
    return matchers.isEmpty()
        || matchers.stream().anyMatch(m -> m.matches(Path.of(stored)) || m.matches(Path.of(inner)));
  }

  /** A relative path without {@code ..}: a zip must not name files outside its artifact. */
  private static boolean safe(String inner) {
    return !inner.startsWith("/") && !inner.contains("\\")
        && Stream.of(inner.split("/")).noneMatch(part -> part.equals("..") || part.isEmpty());
  }
}
