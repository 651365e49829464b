package dev.kiln.portal.project;

import dev.kiln.plugin.api.EnvironmentPolicy;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * A project's parameter declarations: what makes one valid, and how they are stored (a JSON array
 * in {@code projects.parameters_json}). Problems are keyed {@code parameters[i].field}, so a form
 * or a REST client can point at the row and field at fault.
 */
public final class ParameterDeclarations {

  /** At most this many parameters per project, and per trigger. */
  public static final int MAX_COUNT = 50;

  /** At most this many characters per value (and per default). */
  public static final int MAX_VALUE_LENGTH = 4096;

  static final int MAX_DESCRIPTION_LENGTH = 500;
  static final int MAX_CHOICES = 50;
  static final int MAX_CHOICE_LENGTH = 200;

  /** The field key of problems about the list as a whole. */
  public static final String FIELD = "parameters";

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final TypeReference<List<ParameterDeclaration>> LIST = new TypeReference<>() {};

  private ParameterDeclarations() {}

  /** Why no parameter may have this name; empty when one may. */
  public static Optional<String> nameProblem(String name) {
    return EnvironmentPolicy.nameProblem(name);
  }

  /** The field key of one declaration's field, such as {@code parameters[2].pattern}. */
  public static String key(int index, String field) {
    return FIELD + "[" + index + "]." + field;
  }

  /**
   * What is wrong with the declarations, by field key; empty when nothing is.
   *
   * @param secretNames the project's secrets: a parameter of the same name would never reach the
   *     build
   */
  static Map<String, String> problems(
      List<ParameterDeclaration> declarations, Collection<String> secretNames) {
    Map<String, String> problems = new LinkedHashMap<>();
    if (declarations.size() > MAX_COUNT) {
      problems.put(FIELD, "Declare at most " + MAX_COUNT + " parameters.");
      return problems;
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < declarations.size(); i++) {
      ParameterDeclaration d = declarations.get(i);
      int row = i;
      nameProblem(d.name())
          .ifPresentOrElse(
              p -> problems.put(key(row, "name"), p),
              () -> {
                if (!seen.add(d.name())) {
                  problems.put(key(row, "name"), d.name() + " is declared twice.");
                } else if (secretNames.contains(d.name())) {
                  problems.put(
                      key(row, "name"),
                      d.name() + " is one of the project's secrets; a build gets the secret.");
                }
              });
      if (d.description().length() > MAX_DESCRIPTION_LENGTH
          || d.description().chars().anyMatch(Character::isISOControl)) {
        problems.put(
            key(row, "description"),
            "Use at most " + MAX_DESCRIPTION_LENGTH + " characters on one line.");
      }
      if (!d.choices().isEmpty() && d.pattern() != null) {
        problems.put(key(row, "pattern"), "Give a list of choices or a pattern, not both.");
      } else if (!d.choices().isEmpty()) {
        choicesProblem(d.choices()).ifPresent(p -> problems.put(key(row, "choices"), p));
      } else if (d.pattern() != null) {
        ParameterPatterns.problem(d.pattern()).ifPresent(p -> problems.put(key(row, "pattern"), p));
      }
      if (!problems.containsKey(key(row, "choices"))
          && !problems.containsKey(key(row, "pattern"))) {
        defaultProblem(d).ifPresent(p -> problems.put(key(row, "defaultValue"), p));
      }
    }
    return problems;
  }

  /** The declarations as stored: a list of choices without a default takes its first choice. */
  static List<ParameterDeclaration> normalized(List<ParameterDeclaration> declarations) {
    List<ParameterDeclaration> clean = new ArrayList<>();
    for (ParameterDeclaration d : declarations) {
      String defaultValue =
          d.defaultValue().isEmpty() && !d.choices().isEmpty()
              ? d.choices().getFirst()
              : d.defaultValue();
      clean.add(
          new ParameterDeclaration(
              d.name(), d.description(), defaultValue, d.choices(), d.pattern()));
    }
    return List.copyOf(clean);
  }

  static String write(List<ParameterDeclaration> declarations) {
    return JSON.writeValueAsString(declarations);
  }

  static List<ParameterDeclaration> read(String json) {
    return json == null || json.isBlank() ? List.of() : List.copyOf(JSON.readValue(json, LIST));
  }

  private static Optional<String> choicesProblem(List<String> choices) {
    if (choices.size() > MAX_CHOICES) {
      return Optional.of("Give at most " + MAX_CHOICES + " choices.");
    }
    Set<String> seen = new HashSet<>();
    for (String choice : choices) {
      if (choice.isEmpty()
          || choice.length() > MAX_CHOICE_LENGTH
          || choice.chars().anyMatch(Character::isISOControl)) {
        return Optional.of(
            "Each choice needs 1 to " + MAX_CHOICE_LENGTH + " characters on one line.");
      }
      if (!seen.add(choice)) {
        return Optional.of("'" + choice + "' is given twice.");
      }
    }
    return Optional.empty();
  }

  /**
   * A default must be a value the parameter allows, unless it is empty (then a trigger must give
   * one).
   */
  private static Optional<String> defaultProblem(ParameterDeclaration d) {
    if (d.defaultValue().length() > MAX_VALUE_LENGTH) {
      return Optional.of("Use at most " + MAX_VALUE_LENGTH + " characters.");
    }
    Optional<String> bytes = EnvironmentPolicy.valueProblem(d.defaultValue());
    if (bytes.isPresent()) {
      return Optional.of("The default cannot be passed: " + bytes.get());
    }
    if (d.defaultValue().isEmpty()) {
      return Optional.empty();
    }
    return ParameterValues.allowedProblem(d, d.defaultValue())
        .map(p -> "The default is not allowed: " + p);
  }
}
