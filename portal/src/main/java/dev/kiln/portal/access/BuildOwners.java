package dev.kiln.portal.access;

import java.util.Optional;

/**
 * Which project a build belongs to, for {@link ProjectAccess}'s build checks; the build feature,
 * which owns builds and depends on this one, answers it.
 */
public interface BuildOwners {

  /** The build's project; empty when there is no such build. */
  Optional<Long> projectOf(long buildId);
}
