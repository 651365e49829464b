package dev.kiln.plugin.api;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything a builder needs to run one build. Immutable; the same for every retry of a build.
 * Check it with {@link EnvironmentPolicy#check(BuildRequest)} before starting anything.
 *
 * <p>Kiln makes requests; a plugin's tests make theirs with {@link #of} and the {@code with}
 * methods, which keep compiling when a minor version adds a component (builds of a git commit will
 * add one).
 *
 * @param buildId Kiln's id of the build, also given to the script as {@code KILN_BUILD_ID}
 * @param projectName the project's name, for labels and log lines
 * @param script the build script, run with bash
 * @param artifactPatterns glob patterns relative to the workspace (for example {@code dist/*.whl});
 *     files matching any of them are stored as the build's artifacts
 * @param environment variables to set for the script, beyond what the builder sets itself: the
 *     build's parameters, the variables Kiln sets from its trigger (a webhook's {@code
 *     WEBHOOK_REF}…) and the project's secrets. Values are data: pass them as they are, never
 *     through a shell's parser or {@code eval}
 * @param timeout how long the build may run; Kiln requests cancellation when it is over
 * @param settings the project's settings for this builder
 * @param parameters the values of the parameters the project declares, by name, as this build's
 *     trigger gave them (or their defaults); also in {@code environment}. A builder that cannot set
 *     variables (GitHub Actions) passes these as inputs instead; they are never secret (since 1.2)
 * @since 1.0
 */
@Stable
public record BuildRequest(
    String buildId,
    String projectName,
    String script,
    List<String> artifactPatterns,
    Map<String, String> environment,
    Duration timeout,
    BuilderSettings settings,
    Map<String, String> parameters) {

  /** Validates and copies the request. */
  public BuildRequest {
    Objects.requireNonNull(buildId, "buildId");
    Objects.requireNonNull(script, "script");
    Objects.requireNonNull(timeout, "timeout");
    artifactPatterns = List.copyOf(artifactPatterns);
    environment = Map.copyOf(environment);
    settings = settings == null ? BuilderSettings.empty() : settings;
    parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
  }

  /**
   * A request for a script with no artifacts, no variables, no settings and no parameters.
   *
   * @since 1.3
   */
  public static BuildRequest of(
      String buildId, String projectName, String script, Duration timeout) {
    return new BuildRequest(
        buildId, projectName, script, List.of(), Map.of(), timeout, null, Map.of());
  }

  /**
   * This request with these artifact patterns.
   *
   * @since 1.3
   */
  public BuildRequest withArtifactPatterns(List<String> patterns) {
    return new BuildRequest(
        buildId, projectName, script, patterns, environment, timeout, settings, parameters);
  }

  /**
   * This request with these variables for the script.
   *
   * @since 1.3
   */
  public BuildRequest withEnvironment(Map<String, String> variables) {
    return new BuildRequest(
        buildId, projectName, script, artifactPatterns, variables, timeout, settings, parameters);
  }

  /**
   * This request with these settings.
   *
   * @since 1.3
   */
  public BuildRequest withSettings(BuilderSettings builderSettings) {
    return new BuildRequest(
        buildId,
        projectName,
        script,
        artifactPatterns,
        environment,
        timeout,
        builderSettings,
        parameters);
  }

  /**
   * This request with these parameter values (put them in {@link #withEnvironment} too, as Kiln
   * does).
   *
   * @since 1.3
   */
  public BuildRequest withParameters(Map<String, String> values) {
    return new BuildRequest(
        buildId, projectName, script, artifactPatterns, environment, timeout, settings, values);
  }

  /** A request without declared parameters; the constructor of API 1.0 and 1.1. */
  public BuildRequest(
      String buildId,
      String projectName,
      String script,
      List<String> artifactPatterns,
      Map<String, String> environment,
      Duration timeout,
      BuilderSettings settings) {
    this(buildId, projectName, script, artifactPatterns, environment, timeout, settings, Map.of());
  }
}
