package dev.kiln.portal.plugin;

import dev.kiln.plugin.api.BuilderSettings;
import dev.kiln.plugin.api.SettingField;
import dev.kiln.plugin.api.SettingProblem;
import dev.kiln.portal.base.SettingChecks;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Checks settings against a builder's schema ({@link SettingChecks}: numbers and their ranges,
 * choices, switches, required fields), then asks the builder itself.
 */
public final class SettingsValidator {

  private SettingsValidator() {}

  /**
   * Problems with {@code values} for this builder, by field key; empty when they are usable. Values
   * for keys the schema does not know are dropped by {@link #clean}.
   */
  public static Map<String, String> problems(BuilderEntry builder, Map<String, String> values) {
    return problems(builder, field -> true, values, Map.of());
  }

  /**
   * Problems with the values of one scope's fields (an instance's or a project's), by field key.
   * The builder checks them together with {@code others}, the other scope's values; its problems
   * with fields outside the scope are reported under the key {@code ""}.
   */
  public static Map<String, String> problems(
      BuilderEntry builder,
      SettingField.Scope scope,
      Map<String, String> values,
      Map<String, String> others) {
    return problems(builder, field -> field.scope() == scope, values, others);
  }

  private static Map<String, String> problems(
      BuilderEntry builder,
      Predicate<SettingField> inScope,
      Map<String, String> values,
      Map<String, String> others) {
    Map<String, String> problems = new LinkedHashMap<>();
    List<SettingField> fields = builder.descriptor().settings().stream().filter(inScope).toList();
    for (SettingField field : fields) {
      String value = values.get(field.key());
      boolean blank = value == null || value.isBlank();
      if (blank) {
        if (field.required()) {
          problems.put(field.key(), field.label() + " is required.");
        }
        continue;
      }
      SettingChecks.problem(field, value).ifPresent(problem -> problems.put(field.key(), problem));
    }
    if (problems.isEmpty()) {
      Map<String, String> merged = new HashMap<>(others);
      merged.putAll(clean(fields, values));
      Set<String> keys = fields.stream().map(SettingField::key).collect(Collectors.toSet());
      try {
        for (SettingProblem problem : builder.builder().validate(new BuilderSettings(merged))) {
          problems.putIfAbsent(
              keys.contains(problem.key()) ? problem.key() : "", problem.message());
        }
      } catch (RuntimeException e) {
        problems.put("", "The builder could not check its settings: " + e.getMessage());
      }
    }
    return problems;
  }

  /** The values for one scope's fields, trimmed, without blanks. */
  public static Map<String, String> clean(
      BuilderEntry builder, SettingField.Scope scope, Map<String, String> values) {
    return clean(
        builder.descriptor().settings().stream().filter(f -> f.scope() == scope).toList(), values);
  }

  /** The values for the builder's own fields, trimmed, without blanks. */
  public static Map<String, String> clean(BuilderEntry builder, Map<String, String> values) {
    return clean(builder.descriptor().settings(), values);
  }

  private static Map<String, String> clean(List<SettingField> fields, Map<String, String> values) {
    Map<String, String> clean = new HashMap<>();
    for (SettingField field : fields) {
      String value = values.get(field.key());
      if (value != null && !value.isBlank()) {
        clean.put(
            field.key(), field.type() == SettingField.FieldType.MULTILINE ? value : value.strip());
      }
    }
    return clean;
  }

  /** The values a new project starts with: each field's default. */
  public static Map<String, String> defaults(List<SettingField> fields) {
    Map<String, String> defaults = new HashMap<>();
    fields.stream()
        .filter(f -> f.defaultValue() != null)
        .forEach(f -> defaults.put(f.key(), f.defaultValue()));
    return defaults;
  }
}
