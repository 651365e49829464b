package dev.kiln.portal.project;

import dev.kiln.plugin.api.EnvironmentPolicy;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The values a trigger gives for a project's parameters, checked against its declarations. Only
 * declared names pass; a value must be one of the choices or match the pattern; a parameter the
 * trigger leaves out takes its default. Values are never evaluated: they reach the script as data.
 */
public final class ParameterValues {

  private ParameterValues() {}

  /**
   * The parameters a build gets: the given values, and the defaults of the others.
   *
   * @throws InvalidParametersException naming each parameter refused, and why
   */
  public static Map<String, String> resolve(
      List<ParameterDeclaration> declared, Map<String, String> given) {
    Map<String, ParameterDeclaration> byName =
        declared.stream()
            .collect(
                Collectors.toMap(
                    ParameterDeclaration::name, d -> d, (a, b) -> a, LinkedHashMap::new));
    Map<String, String> problems = new TreeMap<>();
    if (given.size() > ParameterDeclarations.MAX_COUNT) {
      problems.put(
          ParameterDeclarations.FIELD,
          "At most " + ParameterDeclarations.MAX_COUNT + " parameters.");
      throw new InvalidParametersException(problems);
    }
    given.forEach(
        (name, value) -> {
          ParameterDeclaration d = byName.get(name);
          if (d == null) {
            problems.put(shown(name), undeclared(name, byName.keySet()));
          } else {
            valueProblem(d, value).ifPresent(p -> problems.put(name, name + ": " + p));
          }
        });
    Map<String, String> values = new TreeMap<>();
    for (ParameterDeclaration d : declared) {
      String value = given.containsKey(d.name()) ? given.get(d.name()) : d.defaultValue();
      if (!given.containsKey(d.name())) {
        allowedProblem(d, value)
            .ifPresent(
                p ->
                    problems.put(
                        d.name(),
                        d.name()
                            + ": give a value, it has no"
                            + " default that is allowed ("
                            + p
                            + ")"));
      }
      values.put(d.name(), value);
    }
    if (!problems.isEmpty()) {
      throw new InvalidParametersException(problems);
    }
    return values;
  }

  /** Why {@code value} cannot be this parameter's value; empty when it can. */
  public static Optional<String> valueProblem(ParameterDeclaration d, String value) {
    if (value == null) {
      return Optional.of("give a string.");
    }
    if (value.length() > ParameterDeclarations.MAX_VALUE_LENGTH) {
      return Optional.of("use at most " + ParameterDeclarations.MAX_VALUE_LENGTH + " characters.");
    }
    return EnvironmentPolicy.valueProblem(value).or(() -> allowedProblem(d, value));
  }

  /** Whether the value is among the choices or matches the pattern (lengths and bytes aside). */
  static Optional<String> allowedProblem(ParameterDeclaration d, String value) {
    if (!d.choices().isEmpty() && !d.choices().contains(value)) {
      return Optional.of("choose one of " + String.join(", ", d.choices()) + ".");
    }
    if (d.pattern() != null && !ParameterPatterns.matches(d.pattern(), value)) {
      return Optional.of("the whole value must match the pattern " + d.pattern() + ".");
    }
    return Optional.empty();
  }

  private static String undeclared(String name, Set<String> declared) {
    String reason = ParameterDeclarations.nameProblem(name).map(p -> " " + p).orElse("");
    return shown(name)
        + " is not a parameter of this project."
        + reason
        + (declared.isEmpty()
            ? " It declares none."
            : " It declares " + String.join(", ", declared) + ".");
  }

  /** A name as a stranger sent it, made safe to show and log: short, on one line. */
  static String shown(String name) {
    String clean = name == null ? "" : name.replaceAll("\\p{Cntrl}", "?");
    return clean.length() > 64 ? clean.substring(0, 63) + "…" : clean;
  }
}
