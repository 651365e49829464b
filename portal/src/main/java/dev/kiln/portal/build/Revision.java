package dev.kiln.portal.build;

import java.time.Instant;

/**
 * Which commit a build builds: what its trigger asked for, then what that resolved to. Resolved
 * once, by the runner that first starts the build (or given by a webhook's push, or copied by a
 * rebuild), and kept: a retry or a rebuild builds the same commit.
 *
 * @param requested the branch, tag or commit its trigger asked for; {@code null} for the project's
 *     default branch
 * @param ref the full ref it resolved to ({@code refs/heads/main}, {@code refs/tags/v1.2}); {@code
 *     null} before it is resolved or when a commit was asked for by its SHA
 * @param commit the commit's full SHA, or {@code null} before it is resolved
 * @param subject the first line of the commit's message
 * @param author the commit's author, {@code Name <email>}
 * @param time when the commit was made, as its committer recorded it
 */
public record Revision(
    String requested, String ref, String commit, String subject, String author, Instant time) {

  /** No choice: the project's default branch, resolved when the build starts. */
  public static final Revision DEFAULT = new Revision(null, null, null, null, null, null);

  /** A branch, tag or commit a user chose, resolved when the build starts. */
  public static Revision requested(String name) {
    return new Revision(
        name == null || name.isBlank() ? null : name.strip(), null, null, null, null, null);
  }

  /** Whether the commit is known. */
  public boolean resolved() {
    return commit != null;
  }

  /** The same request, resolved to this commit. */
  public Revision resolvedTo(
      String fullRef, String sha, String commitSubject, String commitAuthor, Instant at) {
    return new Revision(requested, fullRef, sha, commitSubject, commitAuthor, at);
  }

  /** The first 8 digits of the commit, or {@code null} before it is resolved. */
  public String shortCommit() {
    return commit == null ? null : commit.substring(0, Math.min(8, commit.length()));
  }

  /** The branch or tag as people say it ({@code main}, {@code v1.2}), or null. */
  public String refName() {
    String full = ref != null ? ref : requested;
    if (full == null) {
      return null;
    }
    for (String prefix : new String[] {"refs/heads/", "refs/tags/"}) {
      if (full.startsWith(prefix)) {
        return full.substring(prefix.length());
      }
    }
    return full;
  }

  /** Whether it is a build of a tag. */
  public boolean isTag() {
    return ref != null && ref.startsWith("refs/tags/");
  }
}
