package dev.kiln.portal.source;

import dev.kiln.portal.build.BuildSource;
import dev.kiln.portal.build.CheckoutException;
import dev.kiln.portal.build.Checkouts;
import dev.kiln.portal.build.Revision;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.springframework.stereotype.Component;

/**
 * What the build core asks of the sources feature, answered with this node's git mirrors: the
 * credential becomes an SSH key for SSH addresses and a token for the others.
 */
@Component
class GitCheckouts implements Checkouts {

  private final GitMirrors mirrors;

  GitCheckouts(GitMirrors mirrors) {
    this.mirrors = mirrors;
  }

  @Override
  public Revision resolve(BuildSource source, String credential, Revision asked)
      throws CheckoutException, InterruptedException {
    try {
      ResolvedCommit commit = mirrors.resolve(git(source, credential), asked.requested());
      return asked.resolvedTo(
          commit.ref(), commit.sha(), commit.subject(), commit.author(), commit.time());
    } catch (SourceException e) {
      throw new CheckoutException(e.getMessage(), e);
    }
  }

  @Override
  public void checkout(
      BuildSource source,
      String credential,
      Revision commit,
      Path workspace,
      Consumer<String> progress,
      BooleanSupplier cancelled)
      throws CheckoutException, InterruptedException {
    var resolved =
        new ResolvedCommit(
            commit.ref(), commit.commit(), commit.subject(), commit.author(), commit.time());
    try {
      mirrors.checkout(git(source, credential), resolved, workspace, progress, cancelled);
    } catch (SourceException e) {
      throw new CheckoutException(e.getMessage(), e);
    }
  }

  /**
   * The requested ref always names the branch: a build's default branch is filled in when queued.
   */
  private static GitSource git(BuildSource source, String credential) {
    return new GitSource(
        source.repository(),
        null,
        GitCredential.forAddress(source.repository(), credential),
        source.submodules());
  }
}
