package dev.kiln.portal.build;

/** Where a build is in its life: QUEUED, then RUNNING, then one of the final states. */
public enum BuildState {
  QUEUED,
  RUNNING,
  SUCCEEDED,
  FAILED,
  CANCELLED,
  TIMED_OUT,
  ERROR;

  /** Tells whether the build has ended. */
  public boolean isFinal() {
    return this != QUEUED && this != RUNNING;
  }
}
