package dev.kiln.plugin.api;

import java.util.List;
import java.util.Objects;

/**
 * What a builder tells Kiln about itself; Kiln renders the project form from {@link #settings()}.
 * Make one with {@link #available} or {@link #unavailable}: they keep compiling when a minor
 * version adds a component.
 *
 * @param id stable identifier stored with each project, for example {@code "local"}
 * @param name short name shown to users, for example {@code "Local shell"}
 * @param description one or two sentences shown beside the builder in the project form: where
 *     builds run and what they can reach
 * @param settings the fields a project fills in for this builder, in display order
 * @param unavailableReason {@code null} when the builder can run builds; otherwise why it cannot
 *     (for example that it is not implemented yet), shown to users instead of running
 * @since 1.0
 */
@Stable
public record BuilderDescriptor(
    String id,
    String name,
    String description,
    List<SettingField> settings,
    String unavailableReason) {

  /** Validates the identifiers and copies the settings list. */
  public BuilderDescriptor {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    if (!id.matches("[a-z][a-z0-9-]{0,62}")) {
      throw new IllegalArgumentException(
          "builder id must be lower-case letters, digits and dashes: " + id);
    }
    description = description == null ? "" : description;
    settings = List.copyOf(settings);
  }

  /** A descriptor for a builder that can run builds. */
  public static BuilderDescriptor available(
      String id, String name, String description, List<SettingField> settings) {
    return new BuilderDescriptor(id, name, description, settings, null);
  }

  /**
   * A descriptor for a builder that cannot run builds here, and why, shown to users instead of
   * running (for example that a tool it needs is missing on this node).
   *
   * @since 1.3
   */
  public static BuilderDescriptor unavailable(
      String id, String name, String description, List<SettingField> settings, String reason) {
    return new BuilderDescriptor(
        id, name, description, settings, Objects.requireNonNull(reason, "reason"));
  }

  /** Tells whether the builder can run builds. */
  public boolean isAvailable() {
    return unavailableReason == null;
  }
}
