package dev.kiln.plugin.api;

/**
 * Thrown when a build could not run for a reason outside its script: the host is down, the key is
 * refused, the builder is not implemented. Kiln ends the build as an error and shows the message,
 * so it should say what went wrong and what to check.
 *
 * @since 1.0
 */
@Stable
public class BuildException extends Exception {

  /** An exception with a message for the user. */
  public BuildException(String message) {
    super(message);
  }

  /** An exception with a message for the user and its cause. */
  public BuildException(String message, Throwable cause) {
    super(message, cause);
  }
}
