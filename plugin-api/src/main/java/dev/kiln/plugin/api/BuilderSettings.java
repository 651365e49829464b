package dev.kiln.plugin.api;

import java.util.Map;
import java.util.Optional;

/**
 * The settings a project gives its builder: plain strings keyed by {@link SettingField#key()},
 * already checked against the builder's schema.
 *
 * @param values the values, without absent keys
 */
public record BuilderSettings(Map<String, String> values) {

  /** Copies the values. */
  public BuilderSettings {
    values = Map.copyOf(values);
  }

  /** Settings with no values. */
  public static BuilderSettings empty() {
    return new BuilderSettings(Map.of());
  }

  /** The value for a key, if one was given. */
  public Optional<String> get(String key) {
    return Optional.ofNullable(values.get(key)).filter(v -> !v.isBlank());
  }
}
