package dev.kiln.portal.base;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Failures Kiln did not foresee (a bug, a database refusal no check anticipated): each is logged
 * once with its stack trace under a short random id, and the user is shown that id instead of the
 * failure's text, which may be misleading or reveal internals. An admin finds the details in Kiln's
 * log by the id.
 */
public final class Incidents {

  private static final Logger log = LoggerFactory.getLogger(Incidents.class);

  private Incidents() {}

  /**
   * Logs the failure and returns its id.
   *
   * @param where what was being done, for the log (for example "POST /api/projects/1/schedules")
   */
  public static String record(String where, Throwable failure) {
    String id = RandomText.of(RandomText.LEGIBLE, 12);
    log.error("Unexpected error {} in {}", id, where, failure);
    return id;
  }

  /** What a user is told about an incident: that it is Kiln's fault, and the id to quote. */
  public static String message(String id) {
    return "Kiln failed unexpectedly; nothing you sent was wrong. If it happens again, give an admin the error id "
        + id
        + ": Kiln's log has the details under it.";
  }
}
