package dev.kiln.portal.build;

/** Where a build is in its life: QUEUED, then RUNNING, then one of the final states. */
public enum BuildState {
  QUEUED,
  RUNNING,
  SUCCEEDED,
  FAILED,
  CANCELLED,
  TIMED_OUT,
  ERROR,
  /**
   * The node running it stopped answering; another node noticed and, by the project's policy, ran
   * it again.
   */
  LOST;

  /** Tells whether the build has ended. */
  public boolean isFinal() {
    return this != QUEUED && this != RUNNING;
  }
}
