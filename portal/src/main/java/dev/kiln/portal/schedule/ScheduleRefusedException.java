package dev.kiln.portal.schedule;

import java.util.Map;

/** The schedule was not saved; {@link #problems()} says why, by field. */
public class ScheduleRefusedException extends RuntimeException {

  /** Field names used as keys of {@link #problems()}. */
  public static final String NAME = "name",
      EXPRESSION = "expression",
      TIME_ZONE = "timeZone",
      PARAMETERS = "parameters",
      CONFLICT = "";

  private final transient Map<String, String> problems;

  /** The key of one parameter's problem, such as {@code parameters.RELEASE}. */
  public static String parameter(String name) {
    return PARAMETERS + "." + name;
  }

  public ScheduleRefusedException(Map<String, String> problems) {
    super("The schedule was not saved: " + String.join(" ", problems.values()));
    this.problems = Map.copyOf(problems);
  }

  public Map<String, String> problems() {
    return problems;
  }
}
