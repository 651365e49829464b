package dev.kiln.portal.instance;

import java.util.Map;

/** A builder instance that cannot be saved; {@link #problems()} say why, by field. */
public class InvalidInstanceException extends RuntimeException {

  /** The key of problems with the name. */
  public static final String NAME = "name";

  /** The key of problems with the builder choice. */
  public static final String BUILDER = "builder";

  /** The key of problems with the limit of builds at once. */
  public static final String MAX_CONCURRENT = "maxConcurrent";

  /** The key of problems that belong to no field. */
  public static final String GENERAL = "";

  private final Map<String, String> problems;

  InvalidInstanceException(Map<String, String> problems) {
    super(String.join(" ", problems.values()));
    this.problems = Map.copyOf(problems);
  }

  /**
   * Problems by field: {@link #NAME}, {@link #BUILDER}, {@link #MAX_CONCURRENT}, {@link #GENERAL}
   * or a setting's key.
   */
  public Map<String, String> problems() {
    return problems;
  }
}
