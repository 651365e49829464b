package dev.kiln.portal.schedule;

import java.time.Instant;
import java.util.Map;

/**
 * A schedule as the UI shows it.
 *
 * @param description the expression in words
 * @param nextFire when it fires next, or {@code null} when paused
 * @param note what Kiln noted about it, such as why it paused it; {@code null} when nothing
 */
public record ScheduleInfo(
    long id,
    long projectId,
    String name,
    String expression,
    String timeZone,
    boolean enabled,
    MisfirePolicy misfire,
    OverlapPolicy overlap,
    Map<String, String> parameters,
    String description,
    Instant nextFire,
    Instant updatedAt,
    String note) {

  /** The schedule as a draft, for editing. */
  public ScheduleDraft draft() {
    return new ScheduleDraft(name, expression, timeZone, enabled, misfire, overlap, parameters);
  }
}
