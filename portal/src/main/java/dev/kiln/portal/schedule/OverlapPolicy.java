package dev.kiln.portal.schedule;

/** What a schedule does when it fires while a build of its project is still queued or running. */
public enum OverlapPolicy {
  /** No build for this fire time; the fire is recorded as skipped. */
  SKIP("Skip if a build is still running"),
  /** The build queues behind the running one. */
  QUEUE("Queue another build"),
  /** The running build is cancelled and a new one queued. */
  CANCEL_RUNNING("Cancel the running build");

  private final String label;

  OverlapPolicy(String label) {
    this.label = label;
  }

  /** In words, for forms. */
  public String label() {
    return label;
  }
}
