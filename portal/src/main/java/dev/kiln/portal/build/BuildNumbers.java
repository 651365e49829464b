package dev.kiln.portal.build;

import java.util.OptionalInt;

/**
 * What a build needs from its project, which the project feature owns and implements: the build
 * feature cannot depend on it (the project feature queues builds), nor run SQL on its table.
 */
public interface BuildNumbers {

  /**
   * Takes the project's next build number, under the project's row lock until the transaction ends,
   * so numbers stay unique and gapless. The only place a build number is taken: a build someone
   * triggers and a lost build's next attempt both come here.
   *
   * @return empty when the project is gone
   */
  OptionalInt take(long projectId);

  /** How many times the project runs a lost build again (0 when the project is gone). */
  int retries(long projectId);
}
