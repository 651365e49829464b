package dev.kiln.portal.build;

/**
 * The repository a build checks out, copied from its project when it is queued.
 *
 * @param repository the repository's address, or empty for a build without sources
 * @param credentialSecret the secret that opens it, or {@code null}; opened only by the runner that
 *     fetches, never given to the build
 * @param submodules whether submodules are checked out too
 */
public record BuildSource(String repository, String credentialSecret, boolean submodules) {

  /** No repository: the script runs in an empty workspace. */
  public static final BuildSource NONE = new BuildSource("", null, false);

  /** Replaces a null address with an empty one. */
  public BuildSource {
    repository = repository == null ? "" : repository;
  }

  /** Whether there is a repository to check out. */
  public boolean present() {
    return !repository.isEmpty();
  }
}
