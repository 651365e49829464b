package dev.kiln.portal.project;

/**
 * Tries a git repository the way a build's fetch would, on a runner node, and says what it found in
 * words a maintainer understands: the answer to "Check access" on the project form.
 */
public interface RepositoryProbe {

  /**
   * Lists the repository's refs with the credential and looks for the branch.
   *
   * @param url the repository's address, already checked by the project's rules
   * @param branch the branch to look for, or empty for the repository's default (its HEAD)
   * @param credentialValue the opened secret (an SSH private key or an HTTPS token), or empty;
   *     never written to the answer, a log or a file others may read
   * @param submodules whether builds will fetch submodules too
   * @return whether a fetch would work, and what was found or went wrong
   * @throws InterruptedException when the node is stopping
   */
  RepositoryAccess check(String url, String branch, String credentialValue, boolean submodules)
      throws InterruptedException;
}
