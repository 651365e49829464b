package dev.kiln.plugin.api;

/**
 * Whether a builder can run builds with given settings now.
 *
 * @param up true when it can
 * @param message what was checked, or what failed, in words an admin understands
 * @param proposal a change to an instance setting that would make it healthy and that only an admin
 *     may approve (a host key seen for the first time), or {@code null} (since 1.1)
 * @since 1.0
 */
@Stable
public record Health(boolean up, String message, SettingProposal proposal) {

  /** A result without a proposal; the constructor of API 1.0. */
  public Health(boolean up, String message) {
    this(up, message, null);
  }

  /** A healthy result. */
  public static Health up(String message) {
    return new Health(true, message);
  }

  /** An unhealthy result. */
  public static Health down(String message) {
    return new Health(false, message);
  }

  /**
   * An unhealthy result that an admin can mend by approving a value Kiln has not seen before. Kiln
   * shows the question with an Approve button and, once approved, stores the value in the
   * instance's setting; nothing is accepted without that click.
   *
   * @since 1.1
   */
  public static Health needsApproval(String message, SettingProposal proposal) {
    return new Health(false, message, proposal);
  }

  /**
   * A value for an instance setting that the builder proposes and an admin must approve.
   *
   * @param key the {@link SettingField#key()} of an instance setting
   * @param value the value to store when approved, for example a known-hosts line
   * @param question what the admin approves, for example the host and its key's fingerprint
   * @since 1.1
   */
  @Stable
  public record SettingProposal(String key, String value, String question) {}
}
