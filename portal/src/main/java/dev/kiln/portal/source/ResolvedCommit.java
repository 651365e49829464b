package dev.kiln.portal.source;

import java.time.Instant;

/**
 * The commit a build builds, resolved once on a runner and kept with the build.
 *
 * @param ref the full ref it was asked by ({@code refs/heads/main}, {@code refs/tags/v1}), or null
 *     when it was asked by SHA
 * @param sha the commit's full 40-character SHA
 * @param subject the first line of its message
 * @param author {@code Name <email>}
 * @param time its commit time
 */
public record ResolvedCommit(String ref, String sha, String subject, String author, Instant time) {

  /** Whether this is a tag build. */
  public boolean isTag() {
    return ref != null && ref.startsWith("refs/tags/");
  }
}
