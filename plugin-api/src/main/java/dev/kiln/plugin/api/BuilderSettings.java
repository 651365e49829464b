package dev.kiln.plugin.api;

import java.time.Duration;
import java.time.temporal.TemporalUnit;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.TreeSet;

/**
 * The settings a builder receives: plain strings keyed by {@link SettingField#key()}, already
 * checked against the builder's schema, with the instance's values and the project's merged.
 *
 * <p>For {@link SettingField.FieldType#SECRET_REF} fields, {@link #get(String)} gives the secret's
 * name and {@link #secret(String)} its value, opened by Kiln on the node that runs the build or the
 * health check. Values are masked in the build's log; {@link #toString()} never shows them.
 *
 * <p>Read {@link SettingField.FieldType#NUMBER} and {@link SettingField.FieldType#BOOLEAN} fields
 * with the typed getters ({@link #getInt}, {@link #getLong}, {@link #getBoolean}, {@link
 * #getDuration}): Kiln has checked the values against the field's type and {@link
 * SettingField#range()}, so a builder need not parse them. An absent value reads as empty; supply
 * the field's default with {@code orElse}.
 *
 * @param values the values, without absent keys
 * @param secrets the opened values of secret references, by setting key (since 1.1)
 * @since 1.0
 */
@Stable
public record BuilderSettings(Map<String, String> values, Map<String, String> secrets) {

  /** Copies the values. */
  public BuilderSettings {
    values = Map.copyOf(values);
    secrets = secrets == null ? Map.of() : Map.copyOf(secrets);
  }

  /** Settings without secrets; the constructor of API 1.0. */
  public BuilderSettings(Map<String, String> values) {
    this(values, Map.of());
  }

  /**
   * Settings with these values and no secrets, as a test gives them to a builder.
   *
   * @since 1.3
   */
  public static BuilderSettings of(Map<String, String> values) {
    return new BuilderSettings(values, Map.of());
  }

  /** Settings with no values. */
  public static BuilderSettings empty() {
    return new BuilderSettings(Map.of());
  }

  /** The value for a key, if one was given. For a secret reference, the secret's name. */
  public Optional<String> get(String key) {
    return Optional.ofNullable(values.get(key)).filter(v -> !v.isBlank());
  }

  /**
   * The whole number for a key, if one was given.
   *
   * @throws IllegalArgumentException naming the key, when the value is not a whole number that an
   *     {@code int} holds (a field that is not a {@link SettingField.FieldType#NUMBER}, or one
   *     whose range allows more)
   * @since 1.3
   */
  public OptionalInt getInt(String key) {
    OptionalLong value = getLong(key);
    if (value.isEmpty()) {
      return OptionalInt.empty();
    }
    if (value.getAsLong() < Integer.MIN_VALUE || value.getAsLong() > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "Setting "
              + key
              + ": "
              + value.getAsLong()
              + " is not a whole number from "
              + Integer.MIN_VALUE
              + " to "
              + Integer.MAX_VALUE
              + ".");
    }
    return OptionalInt.of((int) value.getAsLong());
  }

  /**
   * The whole number for a key, if one was given.
   *
   * @throws IllegalArgumentException naming the key, when the value is not a whole number
   * @since 1.3
   */
  public OptionalLong getLong(String key) {
    Optional<String> value = get(key).map(String::strip);
    if (value.isEmpty()) {
      return OptionalLong.empty();
    }
    try {
      return OptionalLong.of(Long.parseLong(value.get()));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "Setting " + key + ": \"" + value.get() + "\" is not a whole number.", e);
    }
  }

  /**
   * The switch for a key, if one was given: {@code "true"} or {@code "false"}.
   *
   * @throws IllegalArgumentException naming the key, when the value is neither
   * @since 1.3
   */
  public Optional<Boolean> getBoolean(String key) {
    return get(key)
        .map(String::strip)
        .map(
            value ->
                switch (value) {
                  case "true" -> true;
                  case "false" -> false;
                  default ->
                      throw new IllegalArgumentException(
                          "Setting " + key + ": \"" + value + "\" is neither true nor false.");
                });
  }

  /**
   * A duration given as a whole number of {@code unit}, if one was given: {@code
   * getDuration("poll-seconds", ChronoUnit.SECONDS)}.
   *
   * @throws IllegalArgumentException naming the key, when the value is not a whole number or too
   *     long a duration for Java
   * @since 1.3
   */
  public Optional<Duration> getDuration(String key, TemporalUnit unit) {
    OptionalLong value = getLong(key);
    if (value.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Duration.of(value.getAsLong(), unit));
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException(
          "Setting " + key + ": " + value.getAsLong() + " " + unit + " is too long.", e);
    }
  }

  /**
   * The opened value of the secret that the setting {@code key} names, if Kiln could open it.
   *
   * @since 1.1
   */
  public Optional<String> secret(String key) {
    return Optional.ofNullable(secrets.get(key));
  }

  /**
   * These settings with the given secret values.
   *
   * @since 1.1
   */
  public BuilderSettings withSecrets(Map<String, String> opened) {
    return new BuilderSettings(values, opened);
  }

  /** The values, and only the keys of the secrets. */
  @Override
  public String toString() {
    return "BuilderSettings[values="
        + values
        + ", secrets="
        + new TreeSet<>(secrets.keySet())
        + "]";
  }
}
