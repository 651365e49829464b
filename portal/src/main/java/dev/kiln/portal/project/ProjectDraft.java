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
 * @param priority from -10 to 10, 0 by default: a higher priority's builds are taken first
 * @param retries how many times a build lost with its node runs again, 0 to 5, 1 by default
 * @param parameters the parameters its triggers may give values for, in the order shown
 * @param source its git repository, or {@link ProjectSource#NONE}
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
    Long instanceId,
    int priority,
    int retries,
    List<ParameterDeclaration> parameters,
    ProjectSource source) {

  /** The default priority (0): builds taken in the order they were queued. */
  public static final int DEFAULT_PRIORITY = 0;

  /** By default a build lost with its node runs once more. */
  public static final int DEFAULT_RETRIES = 1;

  /** Copies the collections. */
  public ProjectDraft {
    settings = settings == null ? Map.of() : Map.copyOf(settings);
    artifactPatterns = artifactPatterns == null ? List.of() : List.copyOf(artifactPatterns);
    secretNames = secretNames == null ? List.of() : List.copyOf(secretNames);
    parameters = parameters == null ? List.of() : List.copyOf(parameters);
    source = source == null ? ProjectSource.NONE : source;
  }

  /** A project without a repository. */
  public ProjectDraft(
      String name,
      String description,
      String builderId,
      Map<String, String> settings,
      String script,
      List<String> artifactPatterns,
      Duration timeout,
      List<String> secretNames,
      Long instanceId,
      int priority,
      int retries,
      List<ParameterDeclaration> parameters) {
    this(
        name,
        description,
        builderId,
        settings,
        script,
        artifactPatterns,
        timeout,
        secretNames,
        instanceId,
        priority,
        retries,
        parameters,
        ProjectSource.NONE);
  }

  /** The same configuration with this repository. */
  public ProjectDraft withSource(ProjectSource repository) {
    return new ProjectDraft(
        name,
        description,
        builderId,
        settings,
        script,
        artifactPatterns,
        timeout,
        secretNames,
        instanceId,
        priority,
        retries,
        parameters,
        repository);
  }

  /** A project that declares no parameters. */
  public ProjectDraft(
      String name,
      String description,
      String builderId,
      Map<String, String> settings,
      String script,
      List<String> artifactPatterns,
      Duration timeout,
      List<String> secretNames,
      Long instanceId,
      int priority,
      int retries) {
    this(
        name,
        description,
        builderId,
        settings,
        script,
        artifactPatterns,
        timeout,
        secretNames,
        instanceId,
        priority,
        retries,
        List.of());
  }

  /** The same configuration with these parameter declarations. */
  public ProjectDraft withParameters(List<ParameterDeclaration> declarations) {
    return new ProjectDraft(
        name,
        description,
        builderId,
        settings,
        script,
        artifactPatterns,
        timeout,
        secretNames,
        instanceId,
        priority,
        retries,
        declarations,
        source);
  }

  /** A project with the default priority and retries. */
  public ProjectDraft(
      String name,
      String description,
      String builderId,
      Map<String, String> settings,
      String script,
      List<String> artifactPatterns,
      Duration timeout,
      List<String> secretNames,
      Long instanceId) {
    this(
        name,
        description,
        builderId,
        settings,
        script,
        artifactPatterns,
        timeout,
        secretNames,
        instanceId,
        DEFAULT_PRIORITY,
        DEFAULT_RETRIES);
  }

  /** A project on the builder's automatic instance. */
  public ProjectDraft(
      String name,
      String description,
      String builderId,
      Map<String, String> settings,
      String script,
      List<String> artifactPatterns,
      Duration timeout,
      List<String> secretNames) {
    this(
        name,
        description,
        builderId,
        settings,
        script,
        artifactPatterns,
        timeout,
        secretNames,
        null);
  }

  /** A project whose builds receive no secrets. */
  public ProjectDraft(
      String name,
      String description,
      String builderId,
      Map<String, String> settings,
      String script,
      List<String> artifactPatterns,
      Duration timeout) {
    this(name, description, builderId, settings, script, artifactPatterns, timeout, List.of());
  }
}
