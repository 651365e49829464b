package dev.kiln.plugin.api;

import java.util.List;
import java.util.Objects;

/**
 * One field of a builder's settings form. Kiln renders, checks and stores it; plugins carry no UI.
 * Make fields with the factories ({@link #optional}, {@link #required}, {@link #choice}) and the
 * {@code with}/{@code for} methods rather than the constructor: components may be added in a minor
 * version, and the factories keep working.
 *
 * @param key the key under which the value is stored, for example {@code "image"}
 * @param label the field's label
 * @param type what kind of value it takes
 * @param required whether a project must give a value
 * @param defaultValue the value a new project starts with, or {@code null}
 * @param help one sentence under the field
 * @param choices the allowed values when {@code type} is {@link FieldType#CHOICE}, else empty
 * @param scope who sets the value: the admin once per builder instance, or each project (since 1.1)
 * @param range the values a {@link FieldType#NUMBER} field accepts, or {@code null} for any whole
 *     number (since 1.3)
 * @since 1.0
 */
@Stable
public record SettingField(
    String key,
    String label,
    FieldType type,
    boolean required,
    String defaultValue,
    String help,
    List<String> choices,
    Scope scope,
    Range range) {

  /** Validates the field and copies the choices. */
  public SettingField {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(type, "type");
    choices = choices == null ? List.of() : List.copyOf(choices);
    if (type == FieldType.CHOICE && choices.isEmpty()) {
      throw new IllegalArgumentException("a CHOICE field needs choices: " + key);
    }
    if (range != null && type != FieldType.NUMBER) {
      throw new IllegalArgumentException("only a NUMBER field has a range: " + key);
    }
    help = help == null ? "" : help;
    scope = scope == null ? Scope.PROJECT : scope;
  }

  /**
   * A field without a range; the constructor of API 1.1.
   *
   * @since 1.1
   */
  public SettingField(
      String key,
      String label,
      FieldType type,
      boolean required,
      String defaultValue,
      String help,
      List<String> choices,
      Scope scope) {
    this(key, label, type, required, defaultValue, help, choices, scope, null);
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
    this(key, label, type, required, defaultValue, help, choices, Scope.PROJECT, null);
  }

  /**
   * The same field, set by an admin on the builder instance (a host, an engine address, a token)
   * instead of by each project.
   *
   * @since 1.1
   */
  public SettingField forInstance() {
    return new SettingField(
        key, label, type, required, defaultValue, help, choices, Scope.INSTANCE, range);
  }

  /**
   * The same {@link FieldType#NUMBER} field, accepting only whole numbers from {@code min} to
   * {@code max}, both included. Kiln shows the range in the form and refuses other values, naming
   * the field and the range, before the builder sees them.
   *
   * @throws IllegalArgumentException when the field is not a number or {@code min > max}
   * @since 1.3
   */
  public SettingField withRange(long min, long max) {
    return new SettingField(
        key, label, type, required, defaultValue, help, choices, scope, new Range(min, max));
  }

  /**
   * A field whose value is one of {@code choices}; the first one is the default.
   *
   * @since 1.1
   */
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

  /**
   * The whole numbers a {@link FieldType#NUMBER} field accepts.
   *
   * @param min the smallest value accepted
   * @param max the largest value accepted
   * @since 1.3
   */
  @Stable
  public record Range(long min, long max) {

    /** Checks that the range holds a value. */
    public Range {
      if (min > max) {
        throw new IllegalArgumentException("an empty range: " + min + " > " + max);
      }
    }

    /** Tells whether {@code value} is in the range. */
    public boolean contains(long value) {
      return value >= min && value <= max;
    }
  }

  /**
   * Who gives a setting its value.
   *
   * @since 1.1
   */
  @Stable
  public enum Scope {
    /**
     * An admin, once for a named builder instance ("arm64 box", "docker on build-1"); every project
     * that picks the instance shares the value.
     */
    INSTANCE,
    /** Each project that uses the builder. */
    PROJECT
  }

  /**
   * The kinds of value a setting can take. Kiln may add kinds in a minor version; a builder
   * describes its fields with them and never needs to switch over all of them.
   *
   * @since 1.0
   */
  @Stable
  public enum FieldType {
    /** One line of text. */
    TEXT,
    /** Several lines of text. */
    MULTILINE,
    /**
     * A whole number, optionally within a {@link Range}; read with {@link
     * BuilderSettings#getInt(String)} or {@link BuilderSettings#getLong(String)}.
     */
    NUMBER,
    /**
     * On or off; stored as {@code "true"} or {@code "false"}, read with {@link
     * BuilderSettings#getBoolean(String)}.
     */
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
