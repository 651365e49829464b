package dev.kiln.portal.project;

import dev.kiln.portal.source.GitCredential;
import dev.kiln.portal.source.GitMirrors;
import dev.kiln.portal.source.GitSource;
import dev.kiln.portal.source.SourceException;
import org.springframework.stereotype.Component;

/**
 * "Check access" with the runner's own git engine: the same address rules, outbound guard,
 * credential handling and words a build's fetch meets, reading only the remote's refs.
 */
@Component
class GitRepositoryProbe implements RepositoryProbe {

  private final GitMirrors git;

  GitRepositoryProbe(GitMirrors git) {
    this.git = git;
  }

  @Override
  public RepositoryAccess check(
      String url, String branch, String credentialValue, boolean submodules)
      throws InterruptedException {
    var credential = GitCredential.forAddress(url, credentialValue);
    try {
      String tip = git.defaultBranchTip(new GitSource(url, branch, credential, submodules));
      return RepositoryAccess.ok("OK: " + branch + " is at " + tip.substring(0, 7) + ".");
    } catch (SourceException e) {
      return RepositoryAccess.problem(e.getMessage());
    }
  }
}
