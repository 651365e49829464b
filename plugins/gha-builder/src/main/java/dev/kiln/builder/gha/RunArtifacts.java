package dev.kiln.builder.gha;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kiln.plugin.api.ArtifactMatcher;
import dev.kiln.plugin.api.BuildContext;
import dev.kiln.plugin.api.BuildException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Stores a completed run's artifacts as the build's: each artifact is a zip on GitHub, and each
 * file in it is stored as {@code <artifact name>/<path in the zip>}. With artifact patterns, only
 * files whose stored path or path in the zip matches one ({@link ArtifactMatcher}, as on every
 * builder) are kept. Storing stops when the build is stopped, and after {@link
 * ArtifactMatcher#MAX_FILES_EXAMINED} entries in all.
 */
final class RunArtifacts {

  private final ArtifactMatcher matcher;
  private final int maxExamined;
  private int examined;
  private boolean stopped;

  RunArtifacts(ArtifactMatcher matcher, int maxExamined) {
    this.matcher = matcher;
    this.maxExamined = maxExamined;
  }

  /**
   * The artifacts of a build with these patterns, made before the run is dispatched.
   *
   * @throws BuildException when a pattern is not usable: a build queued before Kiln's limits
   *     existed
   */
  static RunArtifacts forPatterns(List<String> patterns) throws BuildException {
    try {
      return new RunArtifacts(ArtifactMatcher.of(patterns), ArtifactMatcher.MAX_FILES_EXAMINED);
    } catch (IllegalArgumentException e) {
      throw new BuildException(
          "The artifact patterns cannot be used: "
              + e.getMessage()
              + " Edit the project's artifact patterns.",
          e);
    }
  }

  /** Downloads and stores the artifacts of run {@code id}. */
  void store(GitHubApi api, GhaSettings settings, long id, BuildContext context)
      throws BuildException, InterruptedException {
    List<JsonNode> artifacts =
        Pages.all(
            api,
            settings.repoPath() + "/actions/runs/" + id + "/artifacts?per_page=" + Pages.PER_PAGE,
            "artifacts");
    int stored = 0;
    for (JsonNode artifact : artifacts) {
      if (stopped(context)) {
        return;
      }
      String name = artifact.path("name").asText("artifact-" + artifact.path("id").asText());
      if (artifact.path("expired").asBoolean(false)) {
        context.log().notice("Artifact " + name + " has expired on GitHub; not stored.");
        continue;
      }
      Path zip =
          context.workDirectory().resolve("artifact-" + artifact.path("id").asLong() + ".zip");
      try {
        api.download(
            settings.repoPath() + "/actions/artifacts/" + artifact.path("id").asLong() + "/zip",
            zip);
        stored += storeEntries(name, zip, context);
      } catch (IOException e) {
        throw new BuildException("Could not store artifact " + name + ": " + e.getMessage(), e);
      } finally {
        RunLogs.deleteQuietly(zip);
      }
    }
    context
        .log()
        .notice(
            artifacts.isEmpty()
                ? "The run uploaded no artifacts."
                : "Stored " + stored + " file(s) from " + artifacts.size() + " artifact(s).");
  }

  private int storeEntries(String name, Path file, BuildContext context) throws IOException {
    int stored = 0;
    try (ZipFile zip = new ZipFile(file.toFile())) {
      for (Enumeration<? extends ZipEntry> entries = zip.entries(); entries.hasMoreElements(); ) {
        if (stopped(context)) {
          break;
        }
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

  /**
   * Tells whether to stop storing, saying why in the log: the build was stopped, or too many
   * entries.
   */
  private boolean stopped(BuildContext context) {
    if (stopped) {
      return true;
    }
    if (context.cancellation().isRequested()) {
      context.log().notice("Stopped storing artifacts: the build was stopped.");
      stopped = true;
    } else if (++examined > maxExamined) {
      context
          .log()
          .notice(
              "Stopped storing artifacts after "
                  + maxExamined
                  + " files; the rest were not looked at.");
      stopped = true;
    }
    return stopped;
  }

  private boolean wanted(String stored, String inner) {
    return matcher.isEmpty() || matcher.matches(stored) || matcher.matches(inner);
  }

  /** A relative path without {@code ..}: a zip must not name files outside its artifact. */
  private static boolean safe(String inner) {
    return !inner.startsWith("/")
        && !inner.contains("\\")
        && Stream.of(inner.split("/")).noneMatch(part -> part.equals("..") || part.isEmpty());
  }
}
