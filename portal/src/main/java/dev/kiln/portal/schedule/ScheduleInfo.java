package dev.kiln.portal.schedule;

import dev.kiln.portal.build.Parameters;
import dev.kiln.portal.schedule.domain.Schedule;
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

  /**
   * The schedule as the UI shows it.
   *
   * @param nextFire when Quartz fires it next, or {@code null} when it is paused
   */
  static ScheduleInfo of(Schedule s, Instant nextFire) {
    String description;
    try {
      description =
          ScheduleExpression.parse(s.getExpression(), s.getTimeZone(), s.getProjectId())
              .description();
    } catch (InvalidScheduleException e) {
      description = e.getMessage(); // a time zone the JDK dropped since it was saved
    }
    return new ScheduleInfo(
        s.getId(),
        s.getProjectId(),
        s.getName(),
        s.getExpression(),
        s.getTimeZone(),
        s.isEnabled(),
        s.getMisfire(),
        s.getOverlap(),
        Parameters.read(s.getParametersJson()),
        description,
        nextFire,
        s.getUpdatedAt(),
        s.getNote());
  }
}
