package dev.kiln.portal.build;

import java.util.NoSuchElementException;

/**
 * "Approve with secrets" for a build of a fork's pull request that got none ({@link
 * SecretsPolicy#WITHHELD}). The project feature implements it, since approving queues a build; the
 * build feature, whose page offers it, cannot depend on that feature.
 */
public interface SecretsApprovals {

  /**
   * Queues a rebuild of the build's commit that gets the project's secrets, as the current user,
   * who must own the build's project (or be an admin). Audited.
   *
   * @return the new build's id
   * @throws NoSuchElementException when the build is gone
   * @throws IllegalStateException when it has not ended, or it was given its secrets anyway
   * @throws org.springframework.security.access.AccessDeniedException when the user does not own
   *     the project
   */
  long approve(long buildId);
}
