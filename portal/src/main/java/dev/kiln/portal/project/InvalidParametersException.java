package dev.kiln.portal.project;

import java.util.Map;

/**
 * A trigger's parameters were refused: a name the project does not declare, or a value it does not
 * allow. Nothing was queued. {@link #problems()} says what is wrong, by parameter name.
 */
public class InvalidParametersException extends RuntimeException {

  /** The key under which a refused branch, tag or commit is reported. */
  public static final String REF = "ref";

  private final transient Map<String, String> problems;

  public InvalidParametersException(Map<String, String> problems) {
    super("Parameters refused: " + String.join(" ", problems.values()));
    this.problems = Map.copyOf(problems);
  }

  /** What is wrong, by parameter name. */
  public Map<String, String> problems() {
    return problems;
  }
}
