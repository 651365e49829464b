package dev.kiln.portal.plugin;

import dev.kiln.plugin.api.Builder;
import dev.kiln.plugin.api.BuilderDescriptor;

/**
 * A builder Kiln has loaded.
 *
 * @param pluginId the id of the plugin that provides it
 * @param pluginVersion that plugin's version
 * @param descriptor what the builder says of itself
 * @param unavailableReason {@code null} when builds can run on it, else why not (from the builder
 *     itself, or from Kiln's configuration)
 * @param builder the extension instance
 */
public record BuilderEntry(
    String pluginId,
    String pluginVersion,
    BuilderDescriptor descriptor,
    String unavailableReason,
    Builder builder) {

  /** The builder's id, as stored with projects. */
  public String id() {
    return descriptor.id();
  }

  /** Tells whether builds can run on it now. */
  public boolean isAvailable() {
    return unavailableReason == null;
  }
}
