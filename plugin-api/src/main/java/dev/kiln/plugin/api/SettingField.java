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
 * @param scope who sets the value: the admin once per builder instance, or each project
 */
public record SettingField(
    String key,
    String label,
    FieldType type,
    boolean required,
    String defaultValue,
    String help,
    List<String> choices,
    Scope scope) {

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
    scope = scope == null ? Scope.PROJECT : scope;
  }

  /** A field that each project sets, as fields did before builder instances existed. */
  public SettingField(
      String key,
      String label,
      FieldType type,
      boolean required,
      String defaultValue,
      String help,
      List<String> choices) {
    this(key, label, type, required, defaultValue, help, choices, Scope.PROJECT);
  }

  /**
   * The same field, set by an admin on the builder instance (a host, an engine address, a token)
   * instead of by each project.
   */
  public SettingField forInstance() {
    return new SettingField(
        key, label, type, required, defaultValue, help, choices, Scope.INSTANCE);
  }

  /** A field whose value is one of {@code choices}; the first one is the default. */
  public static SettingField choice(String key, String label, List<String> choices, String help) {
    return new SettingField(
        key,
        label,
        FieldType.CHOICE,
        true,
        choices.isEmpty() ? null : choices.get(0),
        help,
        choices,
        Scope.PROJECT);
  }

  /** An optional field of the given type with no choices. */
  public static SettingField optional(
      String key, String label, FieldType type, String defaultValue, String help) {
    return new SettingField(key, label, type, false, defaultValue, help, List.of());
  }

  /** A required field of the given type with no choices. */
  public static SettingField required(String key, String label, FieldType type, String help) {
    return new SettingField(key, label, type, true, null, help, List.of());
  }

  /** Who gives a setting its value. */
  public enum Scope {
    /**
     * An admin, once for a named builder instance ("arm64 box", "docker on build-1"); every project
     * that picks the instance shares the value.
     */
    INSTANCE,
    /** Each project that uses the builder. */
    PROJECT
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
    /**
     * The name of a Kiln secret. The value is opened only on a node allowed to read secrets, and
     * given to the builder through {@link BuilderSettings#secret(String)}, never stored in
     * settings.
     */
    SECRET_REF
  }
}
