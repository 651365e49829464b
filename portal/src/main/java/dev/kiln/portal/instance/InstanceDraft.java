package dev.kiln.portal.instance;

import java.util.Map;

/**
 * A builder instance as an admin enters it, before it is checked.
 *
 * @param name unique, case-insensitively, for example "arm64 box"
 * @param builderId the builder it is an instance of; fixed once created
 * @param settings the builder's instance settings, by field key; secret references by name
 */
public record InstanceDraft(String name, String builderId, Map<String, String> settings) {

  /** Copies the settings. */
  public InstanceDraft {
    settings = settings == null ? Map.of() : Map.copyOf(settings);
  }
}
