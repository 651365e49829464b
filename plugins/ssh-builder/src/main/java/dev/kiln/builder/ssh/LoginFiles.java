package dev.kiln.builder.ssh;

import java.util.Arrays;
import java.util.List;

/**
 * The files sshd and the login shell run or trust at every login of the build user: a build that
 * may write them can plant commands (or a key) that run in later builds, of other projects too,
 * that use the same user. Kiln cannot stop a build from writing what its user may write, so it
 * warns: the fix is on the host (see the SSH builder's docs), and refusing would stop every host
 * set up the usual way. {@link #PROBE} lists those the user may write or create.
 */
final class LoginFiles {

  /** Checked relative to the user's home. */
  static final List<String> FILES =
      List.of(
          ".ssh/rc",
          ".ssh/authorized_keys",
          ".ssh/authorized_keys2",
          ".bashrc",
          ".bash_profile",
          ".bash_login",
          ".profile",
          ".bash_logout",
          ".pam_environment",
          ".ssh/environment");

  /**
   * A POSIX shell script printing each file (or its folder, for one missing) the user may write.
   */
  static final String PROBE =
      "cd || exit 0; for f in "
          + String.join(" ", FILES)
          + "; do"
          + " if [ -e \"$f\" ] || [ -L \"$f\" ]; then [ -w \"$f\" ] && echo \"$f\";"
          + " else d=$(dirname \"$f\"); { [ -d \"$d\" ] && [ -w \"$d\" ]; } || { [ ! -e \"$d\" ] && [ -w . ]; }"
          + " && echo \"$f\"; fi; done";

  private LoginFiles() {}

  /** The files the probe named. */
  static List<String> writable(String probeOutput) {
    return Arrays.stream(probeOutput.split("\n"))
        .map(String::strip)
        .filter(FILES::contains)
        .toList();
  }

  /** A warning naming the writable files, or null when there are none. */
  static String warning(List<String> writable) {
    if (writable.isEmpty()) {
      return null;
    }
    return "The build user may write files that run or are trusted at every login (~/"
        + String.join(", ~/", writable)
        + "): a build can plant commands there that run in later builds of every project using this user."
        + " Give each project or trust level its own user and make these files root-owned (see the SSH"
        + " builder's docs).";
  }
}
