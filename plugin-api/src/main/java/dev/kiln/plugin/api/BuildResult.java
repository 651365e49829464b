package dev.kiln.plugin.api;

/**
 * How a build's script ended. Kiln turns it into the build's state: exit code 0 is success, any
 * other exit code a failure, unless Kiln had requested cancellation.
 *
 * @param exitCode the script's exit code
 * @since 1.0
 */
@Stable
public record BuildResult(int exitCode) {

  /** The result of a script that exited with {@code exitCode}. */
  public static BuildResult exited(int exitCode) {
    return new BuildResult(exitCode);
  }
}
