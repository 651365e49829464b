package dev.kiln.plugin.api;

import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The settings a builder receives: plain strings keyed by {@link SettingField#key()}, already
 * checked against the builder's schema, with the instance's values and the project's merged.
 *
 * <p>For {@link SettingField.FieldType#SECRET_REF} fields, {@link #get(String)} gives the secret's
 * name and {@link #secret(String)} its value, opened by Kiln on the node that runs the build or the
 * health check. Values are masked in the build's log; {@link #toString()} never shows them.
 *
 * @param values the values, without absent keys
 * @param secrets the opened values of secret references, by setting key
 */
public record BuilderSettings(Map<String, String> values, Map<String, String> secrets) {

  /** Copies the values. */
  public BuilderSettings {
    values = Map.copyOf(values);
    secrets = secrets == null ? Map.of() : Map.copyOf(secrets);
  }

  /** Settings without secrets. */
  public BuilderSettings(Map<String, String> values) {
    this(values, Map.of());
  }

  /** Settings with no values. */
  public static BuilderSettings empty() {
    return new BuilderSettings(Map.of());
  }

  /** The value for a key, if one was given. For a secret reference, the secret's name. */
  public Optional<String> get(String key) {
    return Optional.ofNullable(values.get(key)).filter(v -> !v.isBlank());
  }

  /** The opened value of the secret that the setting {@code key} names, if Kiln could open it. */
  public Optional<String> secret(String key) {
    return Optional.ofNullable(secrets.get(key));
  }

  /** These settings with the given secret values. */
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
