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
 * methods, which keep compiling when a minor version adds a component (1.4 added the build's number
 * and its commit).
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
 * @param number the build's number within its project, as users see it ({@code #12}); 0 when the
 *     request was made without one (since 1.4)
 * @param source the commit the build builds, already checked out into {@link
 *     BuildContext#workspace()}, or {@code null} for a project without a repository (since 1.4)
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
    Map<String, String> parameters,
    int number,
    Source source) {

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
        buildId, projectName, script, List.of(), Map.of(), timeout, null, Map.of(), 0, null);
  }

  /**
   * This request with these artifact patterns.
   *
   * @since 1.3
   */
  public BuildRequest withArtifactPatterns(List<String> patterns) {
    return new BuildRequest(
        buildId,
        projectName,
        script,
        patterns,
        environment,
        timeout,
        settings,
        parameters,
        number,
        source);
  }

  /**
   * This request with these variables for the script.
   *
   * @since 1.3
   */
  public BuildRequest withEnvironment(Map<String, String> variables) {
    return new BuildRequest(
        buildId,
        projectName,
        script,
        artifactPatterns,
        variables,
        timeout,
        settings,
        parameters,
        number,
        source);
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
        parameters,
        number,
        source);
  }

  /**
   * This request with these parameter values (put them in {@link #withEnvironment} too, as Kiln
   * does).
   *
   * @since 1.3
   */
  public BuildRequest withParameters(Map<String, String> values) {
    return new BuildRequest(
        buildId,
        projectName,
        script,
        artifactPatterns,
        environment,
        timeout,
        settings,
        values,
        number,
        source);
  }

  /**
   * This request with this build number.
   *
   * @since 1.4
   */
  public BuildRequest withNumber(int buildNumber) {
    return new BuildRequest(
        buildId,
        projectName,
        script,
        artifactPatterns,
        environment,
        timeout,
        settings,
        parameters,
        buildNumber,
        source);
  }

  /**
   * This request for this commit (check it out into the context's workspace, as Kiln does).
   *
   * @since 1.4
   */
  public BuildRequest withSource(Source commit) {
    return new BuildRequest(
        buildId,
        projectName,
        script,
        artifactPatterns,
        environment,
        timeout,
        settings,
        parameters,
        number,
        commit);
  }

  /**
   * A request without a number or a commit; the constructor of API 1.2 and 1.3.
   *
   * @since 1.2
   */
  public BuildRequest(
      String buildId,
      String projectName,
      String script,
      List<String> artifactPatterns,
      Map<String, String> environment,
      Duration timeout,
      BuilderSettings settings,
      Map<String, String> parameters) {
    this(
        buildId,
        projectName,
        script,
        artifactPatterns,
        environment,
        timeout,
        settings,
        parameters,
        0,
        null);
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
    this(
        buildId,
        projectName,
        script,
        artifactPatterns,
        environment,
        timeout,
        settings,
        Map.of(),
        0,
        null);
  }
}
