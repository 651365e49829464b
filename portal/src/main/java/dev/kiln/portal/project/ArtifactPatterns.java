package dev.kiln.portal.project;

import dev.kiln.plugin.api.ArtifactMatcher;
import java.util.List;
import java.util.Optional;

/**
 * Checks artifact patterns before they are saved, so a typo shows at once, not after a build. The
 * glob syntax and its limits are the plugin API's {@link ArtifactMatcher}, which every builder
 * matches with, so what is saved here is what builders accept.
 */
final class ArtifactPatterns {

  private ArtifactPatterns() {}

  /** Why {@code patterns} cannot be saved (the first problem), or empty when they can. */
  static Optional<String> problem(List<String> patterns) {
    if (patterns.size() > ArtifactMatcher.MAX_PATTERNS) {
      return ArtifactMatcher.problem(patterns);
    }
    return patterns.stream().map(ArtifactPatterns::problem).flatMap(Optional::stream).findFirst();
  }

  private static Optional<String> problem(String pattern) {
    if (pattern.startsWith("/")) {
      return Optional.of(
          "'"
              + pattern
              + "' is absolute; patterns are relative to the workspace, e.g. dist/*.whl.");
    }
    if (pattern.equals("..") || pattern.startsWith("../") || pattern.contains("/../")) {
      return Optional.of("'" + pattern + "' leaves the workspace; artifacts must be inside it.");
    }
    return ArtifactMatcher.problem(pattern);
  }
}
