package dev.kiln.portal.source;

/**
 * A project's git repository as a runner needs it to fetch a commit.
 *
 * @param repository the address: {@code https://host/path}, {@code ssh://[user@]host[:port]/path},
 *     scp-like {@code user@host:path}, or a local path or {@code file://} address where allowed
 * @param defaultBranch the branch built when none is asked for, e.g. {@code main}
 * @param credential how to authenticate; {@link GitCredential.None} for a public repository
 * @param submodules whether submodules are fetched too
 */
public record GitSource(
    String repository, String defaultBranch, GitCredential credential, boolean submodules) {

  /** Takes a missing credential as none. */
  public GitSource {
    credential = credential == null ? new GitCredential.None() : credential;
  }
}
