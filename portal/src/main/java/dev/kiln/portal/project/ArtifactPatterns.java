package dev.kiln.portal.project;

import java.nio.file.FileSystems;
import java.util.Optional;
import java.util.regex.PatternSyntaxException;

/** Checks artifact glob patterns before they are saved, so a typo shows at once, not after a build. */
final class ArtifactPatterns {

  private ArtifactPatterns() {}

  /** Why {@code pattern} is not usable, or empty when it is. */
  static Optional<String> problem(String pattern) {
    if (pattern.startsWith("/")) {
      return Optional.of("'" + pattern + "' is absolute; patterns are relative to the workspace, e.g. dist/*.whl.");
    }
    if (pattern.equals("..") || pattern.startsWith("../") || pattern.contains("/../")) {
      return Optional.of("'" + pattern + "' leaves the workspace; artifacts must be inside it.");
    }
    try {
      FileSystems.getDefault().getPathMatcher("glob:" + pattern);
      return Optional.empty();
    } catch (PatternSyntaxException e) {
      return Optional.of("'" + pattern + "' is not a valid glob: " + e.getDescription() + ".");
    }
  }
}
