package dev.kiln.portal.project;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A project's configuration as a user enters it, before it is checked.
 *
 * @param name unique, case-insensitively
 * @param description free text
 * @param builderId the builder that runs its builds; taken from the instance when one is given
 * @param settings the builder's project settings, by field key
 * @param script the bash script
 * @param artifactPatterns glob patterns relative to the workspace, for example {@code dist/*.whl}
 * @param timeout how long a build may run, at most 24 hours
 * @param secretNames the secrets its builds receive as environment variables of the same names
 * @param instanceId the builder instance its builds run on; {@code null} picks the builder's
 *     automatic instance, which exists for builders without instance settings
 */
public record ProjectDraft(
    String name,
    String description,
    String builderId,
    Map<String, String> settings,
    String script,
    List<String> artifactPatterns,
    Duration timeout,
    List<String> secretNames,
    Long instanceId) {

  /** Copies the collections. */
  public ProjectDraft {
    settings = settings == null ? Map.of() : Map.copyOf(settings);
    artifactPatterns = artifactPatterns == null ? List.of() : List.copyOf(artifactPatterns);
    secretNames = secretNames == null ? List.of() : List.copyOf(secretNames);
  }

  /** A project on the builder's automatic instance. */
  public ProjectDraft(String name, String description, String builderId, Map<String, String> settings, String script,
      List<String> artifactPatterns, Duration timeout, List<String> secretNames) {
    this(name, description, builderId, settings, script, artifactPatterns, timeout, secretNames, null);
  }

  /** A project whose builds receive no secrets. */
  public ProjectDraft(String name, String description, String builderId, Map<String, String> settings, String script,
      List<String> artifactPatterns, Duration timeout) {
    this(name, description, builderId, settings, script, artifactPatterns, timeout, List.of());
  }
}
