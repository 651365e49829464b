package dev.kiln.plugin.api;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything a builder needs to run one build. Immutable; the same for every retry of a build.
 * Check it with {@link EnvironmentPolicy#check(BuildRequest)} before starting anything.
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
 *     variables (GitHub Actions) passes these as inputs instead; they are never secret. Since 1.1.
 */
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

  /** A request without declared parameters, as API 1.0 made them. */
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
