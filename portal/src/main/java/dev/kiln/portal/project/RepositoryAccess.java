package dev.kiln.portal.project;

/**
 * What "Check access" found in a repository.
 *
 * @param reachable whether a build could fetch the branch
 * @param words what was found ("OK: main is at abc1234.") or what went wrong (unknown host, refused
 *     credential, branch missing, not a git repository), without any credential
 */
public record RepositoryAccess(boolean reachable, String words) {

  /** The repository and branch are there. */
  public static RepositoryAccess ok(String words) {
    return new RepositoryAccess(true, words);
  }

  /** Something went wrong. */
  public static RepositoryAccess problem(String words) {
    return new RepositoryAccess(false, words);
  }
}
