package dev.kiln.plugin.api;

import java.util.Objects;

/**
 * The commit a build builds, which Kiln has already checked out into {@link
 * BuildContext#workspace()}: a builder that runs the script on this node needs nothing of it; one
 * that runs elsewhere uploads the workspace; one that cannot (GitHub Actions) passes {@link #ref}
 * and {@link #commit} to where the build runs. No credential is here: Kiln fetched the commit
 * itself, and the build never receives the key or token that opens the repository.
 *
 * @param repository the repository's address as its project gives it, without credentials
 * @param ref the full ref the build was asked for ({@code refs/heads/main}, {@code refs/tags/v1}),
 *     or {@code null} when it was asked for a commit by its SHA
 * @param commit the commit's full SHA
 * @since 1.4
 */
@Stable
public record Source(String repository, String ref, String commit) {

  /** Checks that the repository and the commit are there. */
  public Source {
    Objects.requireNonNull(repository, "repository");
    Objects.requireNonNull(commit, "commit");
  }
}
