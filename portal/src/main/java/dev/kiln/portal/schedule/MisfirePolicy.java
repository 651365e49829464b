package dev.kiln.portal.schedule;

/** What a schedule does about fire times missed while no scheduler node was running. */
public enum MisfirePolicy {
  /** Missed fire times are skipped; the schedule goes on at its next fire time. */
  SKIP("Skip missed runs"),
  /** One build runs as soon as a scheduler node is back, however many fire times were missed. */
  RUN_ONCE("Run once to catch up");

  private final String label;

  MisfirePolicy(String label) {
    this.label = label;
  }

  /** In words, for forms. */
  public String label() {
    return label;
  }
}
