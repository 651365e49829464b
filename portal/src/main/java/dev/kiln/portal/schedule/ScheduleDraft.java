package dev.kiln.portal.schedule;

import java.util.Map;

/**
 * A schedule as a user enters it, before it is checked.
 *
 * @param name unique in its project, case-insensitively, for example "nightly"
 * @param expression cron: 5 fields (Unix) or 6–7 with seconds (Quartz); {@code H} spreads by
 *     project
 * @param timeZone a region such as {@code Europe/Paris}, or {@code UTC}
 * @param enabled false pauses it
 * @param misfire what to do about fire times missed while Kiln was down
 * @param overlap what to do when a build of the project is still running
 * @param parameters environment variables its builds receive
 */
public record ScheduleDraft(
    String name,
    String expression,
    String timeZone,
    boolean enabled,
    MisfirePolicy misfire,
    OverlapPolicy overlap,
    Map<String, String> parameters) {

  /** Copies the parameters. */
  public ScheduleDraft {
    parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
  }
}
