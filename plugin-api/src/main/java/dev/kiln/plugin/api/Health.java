package dev.kiln.plugin.api;

/**
 * Whether a builder can run builds with given settings now.
 *
 * @param up true when it can
 * @param message what was checked, or what failed, in words an admin understands
 */
public record Health(boolean up, String message) {

  /** A healthy result. */
  public static Health up(String message) {
    return new Health(true, message);
  }

  /** An unhealthy result. */
  public static Health down(String message) {
    return new Health(false, message);
  }
}
