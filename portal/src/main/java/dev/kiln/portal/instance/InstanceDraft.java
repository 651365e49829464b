package dev.kiln.portal.instance;

import java.util.Map;

/**
 * A builder instance as an admin enters it, before it is checked.
 *
 * @param name unique, case-insensitively, for example "arm64 box"
 * @param builderId the builder it is an instance of; fixed once created
 * @param settings the builder's instance settings, by field key; secret references by name
 * @param maxConcurrent how many of its builds may run at once, across all nodes, from 1 to {@link
 *     #MAX_CONCURRENT}; {@code null} for no limit. Builds over it wait in the queue.
 */
public record InstanceDraft(
    String name, String builderId, Map<String, String> settings, Integer maxConcurrent) {

  /** The highest limit an admin may give. */
  public static final int MAX_CONCURRENT = 1000;

  /** An instance without a limit. */
  public InstanceDraft(String name, String builderId, Map<String, String> settings) {
    this(name, builderId, settings, null);
  }

  /** Copies the settings. */
  public InstanceDraft {
    settings = settings == null ? Map.of() : Map.copyOf(settings);
  }
}
