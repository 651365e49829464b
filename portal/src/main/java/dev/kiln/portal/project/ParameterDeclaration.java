package dev.kiln.portal.project;

import java.util.List;

/**
 * A parameter a project declares: the only names a trigger may give its builds values for.
 *
 * @param name the environment variable its builds receive, allowed by {@link
 *     dev.kiln.plugin.api.EnvironmentPolicy#nameProblem}
 * @param description what it means, for the people who trigger builds
 * @param defaultValue what a build gets when its trigger gives no value; may be empty
 * @param choices the only values allowed, or empty for any value
 * @param pattern a regular expression (RE2 syntax) the whole value must match, or {@code null};
 *     never together with choices
 */
public record ParameterDeclaration(
    String name, String description, String defaultValue, List<String> choices, String pattern) {

  /** Copies the choices; blanks become empty or {@code null}. */
  public ParameterDeclaration {
    name = name == null ? "" : name.strip();
    description = description == null ? "" : description.strip();
    defaultValue = defaultValue == null ? "" : defaultValue;
    choices = choices == null ? List.of() : List.copyOf(choices);
    pattern = pattern == null || pattern.isEmpty() ? null : pattern;
  }

  /** A parameter with any value, empty unless given. */
  public static ParameterDeclaration free(String name) {
    return new ParameterDeclaration(name, "", "", List.of(), null);
  }
}
