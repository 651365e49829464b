package dev.kiln.portal.webhook;

import dev.kiln.plugin.api.ArtifactMatcher;
import dev.kiln.portal.project.ProjectSource;
import java.util.List;
import java.util.Optional;

/**
 * Which pushes build: the project's branch patterns for branches, its tag patterns for tags, each
 * empty for all. Globs as artifact patterns read them ({@link ArtifactMatcher}): {@code *} stops at
 * {@code /}, so {@code release/*} matches {@code release/1.2} but not {@code release/1.2/hotfix},
 * which {@code release/**} matches.
 */
final class RefFilters {

  static final String BRANCHES = "refs/heads/", TAGS = "refs/tags/";

  private RefFilters() {}

  /**
   * Why a push to {@code fullRef} builds nothing, such as {@code "ignored: branch wip/x matches
   * none of main, release/**"}; empty when it builds.
   */
  static Optional<String> ignored(ProjectSource source, String fullRef) {
    boolean tag = fullRef.startsWith(TAGS);
    if (!tag && !fullRef.startsWith(BRANCHES)) {
      return Optional.of(
          "ignored: "
              + fullRef
              + " is neither a branch (refs/heads/…) nor a tag (refs/tags/…); nothing was built.");
    }
    String name = fullRef.substring(tag ? TAGS.length() : BRANCHES.length());
    List<String> patterns = tag ? source.tagPatterns() : source.branchPatterns();
    if (patterns.isEmpty() || ArtifactMatcher.of(patterns).matches(name)) {
      return Optional.empty();
    }
    return Optional.of(
        "ignored: "
            + (tag ? "tag " : "branch ")
            + name
            + " matches none of "
            + String.join(", ", patterns)
            + " (the project's "
            + (tag ? "tag" : "branch")
            + " patterns); nothing was built.");
  }
}
