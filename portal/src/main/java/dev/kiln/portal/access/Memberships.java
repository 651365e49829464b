package dev.kiln.portal.access;

import java.util.Collection;
import java.util.Optional;

/**
 * The facts {@link ProjectAccess} decides on, answered by the features that own them: the project
 * feature owns projects and their members. An interface here, implemented there, because the
 * project feature depends on this one and not the other way round.
 */
public interface Memberships {

  /**
   * The project role of the enabled account whose {@code Usernames.key} is {@code usernameKey};
   * empty when it is not a member, is disabled or does not exist.
   */
  Optional<ProjectRole> role(long projectId, String usernameKey);

  /**
   * Whether every one of these projects either does not exist or has the account as a member: one
   * question for a page of projects.
   */
  boolean memberOfAll(Collection<Long> projectIds, String usernameKey);

  /** Whether the project exists. */
  boolean projectExists(long projectId);
}
