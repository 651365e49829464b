package dev.kiln.plugin.api;

import java.util.List;
import java.util.Objects;

/**
 * One field of a builder's settings form. Kiln renders, checks and stores it; plugins carry no UI.
 *
 * @param key the key under which the value is stored, for example {@code "image"}
 * @param label the field's label
 * @param type what kind of value it takes
 * @param required whether a project must give a value
 * @param defaultValue the value a new project starts with, or {@code null}
 * @param help one sentence under the field
 * @param choices the allowed values when {@code type} is {@link FieldType#CHOICE}, else empty
 */
public record SettingField(
    String key,
    String label,
    FieldType type,
    boolean required,
    String defaultValue,
    String help,
    List<String> choices) {

  /** Validates the field and copies the choices. */
  public SettingField {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(type, "type");
    choices = choices == null ? List.of() : List.copyOf(choices);
    if (type == FieldType.CHOICE && choices.isEmpty()) {
      throw new IllegalArgumentException("a CHOICE field needs choices: " + key);
    }
    help = help == null ? "" : help;
  }

  /** An optional field of the given type with no choices. */
  public static SettingField optional(String key, String label, FieldType type, String defaultValue, String help) {
    return new SettingField(key, label, type, false, defaultValue, help, List.of());
  }

  /** A required field of the given type with no choices. */
  public static SettingField required(String key, String label, FieldType type, String help) {
    return new SettingField(key, label, type, true, null, help, List.of());
  }

  /** The kinds of value a setting can take. */
  public enum FieldType {
    /** One line of text. */
    TEXT,
    /** Several lines of text. */
    MULTILINE,
    /** A whole number. */
    NUMBER,
    /** On or off; stored as {@code "true"} or {@code "false"}. */
    BOOLEAN,
    /** One of {@link SettingField#choices()}. */
    CHOICE,
    /** The name of a Kiln secret; the value itself is resolved only on the node running the build. */
    SECRET_REF
  }
}
