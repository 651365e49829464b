package dev.kiln.portal.build;

import java.time.Duration;
import java.util.List;

/**
 * What to build, copied from the project when the build is queued.
 *
 * @param projectId the project
 * @param number the build's number within the project
 * @param projectName the project's name at queue time
 * @param builderId the builder to run it on
 * @param instanceId the builder instance it runs on, or {@code null} for builds made before
 *     instances
 * @param instanceName that instance's name at queue time, or {@code null}
 * @param settingsJson the builder's settings, as stored JSON: the instance's and the project's
 *     merged
 * @param script the bash script
 * @param artifactPatterns globs of files to keep
 * @param timeout how long it may run
 * @param secretNames the secrets it receives as environment variables, opened only when it runs
 * @param trigger who or what asked for it, and the parameters it gave
 * @param priority the project's priority when it was queued: higher is taken first
 * @param source the repository it checks out, or {@link BuildSource#NONE}
 */
public record BuildSpec(
    long projectId,
    int number,
    String projectName,
    String builderId,
    Long instanceId,
    String instanceName,
    String settingsJson,
    String script,
    List<String> artifactPatterns,
    Duration timeout,
    List<String> secretNames,
    Trigger trigger,
    int priority,
    BuildSource source) {

  /** Replaces a null source with none. */
  public BuildSpec {
    source = source == null ? BuildSource.NONE : source;
  }
}
