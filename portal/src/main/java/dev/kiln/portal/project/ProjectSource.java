package dev.kiln.portal.project;

import java.util.List;

/**
 * A project's git repository, as a user enters it and as the UI shows it.
 *
 * @param repository where its sources are: {@code https://…}, {@code ssh://…}, {@code
 *     user@host:path}, or a local path where the node allows them; empty for a project whose script
 *     fetches nothing (it runs in an empty workspace)
 * @param defaultBranch what a build without a chosen ref builds; empty for the repository's own
 *     default (its HEAD)
 * @param credentialSecret the secret that opens it (an SSH deploy key for SSH, a token for HTTPS),
 *     or empty for a public one; opened only by the runner that fetches, never given to the build
 * @param submodules whether the checkout fetches submodules too
 * @param branchPatterns which branches' webhook pushes build (globs, {@code release/**}); empty for
 *     every branch
 * @param tagPatterns which tags' pushes build ({@code v*}); empty for every tag
 * @param pullRequests whether pull requests build; those from forks get no secrets unless an owner
 *     approves the build
 */
public record ProjectSource(
    String repository,
    String defaultBranch,
    String credentialSecret,
    boolean submodules,
    List<String> branchPatterns,
    List<String> tagPatterns,
    boolean pullRequests) {

  /** No repository: builds run their script in an empty workspace. */
  public static final ProjectSource NONE =
      new ProjectSource("", "", "", false, List.of(), List.of(), false);

  /** Replaces nulls with empty values and copies the lists. */
  public ProjectSource {
    repository = repository == null ? "" : repository.strip();
    defaultBranch = defaultBranch == null ? "" : defaultBranch.strip();
    credentialSecret = credentialSecret == null ? "" : credentialSecret.strip();
    branchPatterns = branchPatterns == null ? List.of() : List.copyOf(branchPatterns);
    tagPatterns = tagPatterns == null ? List.of() : List.copyOf(tagPatterns);
  }

  /** A repository with no credential, default filters and no pull requests. */
  public static ProjectSource of(String repository, String defaultBranch) {
    return new ProjectSource(repository, defaultBranch, "", false, List.of(), List.of(), false);
  }

  /** The same repository opened with this secret. */
  public ProjectSource withCredential(String secretName) {
    return new ProjectSource(
        repository,
        defaultBranch,
        secretName,
        submodules,
        branchPatterns,
        tagPatterns,
        pullRequests);
  }

  /** Whether the project has a repository. */
  public boolean present() {
    return !repository.isEmpty();
  }
}
