package dev.kiln.builder.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;

/**
 * The unprivileged user a sandboxed script runs as when Kiln runs as root. (When Kiln does not run
 * as root, scripts run as Kiln's own user: nothing else is possible without privileges, and the
 * sandbox keeps them from Kiln's files.)
 *
 * @param uid the user id, never 0
 * @param gid the group id, never 0
 * @param label how messages name it, for example {@code kiln-build (998:998)}
 */
record BuildUser(int uid, int gid, String label) {

  /** The user created for builds, taken when it exists and the admin named none. */
  static final String DEDICATED = "kiln-build";

  /** Debian's {@code nobody}/{@code nogroup}, the fallback. */
  static final int NOBODY = 65534;

  /**
   * Who scripts run as on this node: empty when Kiln does not run as root.
   *
   * @param configured what the admin gave (a name, {@code uid} or {@code uid:gid}), or {@code null}
   * @param kilnUid the uid Kiln runs as
   * @param passwd looks a user name up, giving its {@code /etc/passwd} line (as {@code getent
   *     passwd})
   * @throws IllegalArgumentException with a message for the admin when the user is unusable
   */
  static Optional<BuildUser> of(
      String configured, int kilnUid, Function<String, Optional<String>> passwd) {
    if (kilnUid != 0) {
      return Optional.empty();
    }
    if (configured == null) {
      return Optional.of(
          passwd
              .apply(DEDICATED)
              .map(BuildUser::fromPasswd)
              .orElse(new BuildUser(NOBODY, NOBODY, "nobody (65534:65534)")));
    }
    BuildUser user;
    if (configured.matches("\\d{1,9}(:\\d{1,9})?")) {
      String[] ids = configured.split(":");
      int uid = Integer.parseInt(ids[0]);
      int gid = ids.length > 1 ? Integer.parseInt(ids[1]) : uid;
      user = new BuildUser(uid, gid, uid + ":" + gid);
    } else {
      user =
          passwd
              .apply(configured)
              .map(BuildUser::fromPasswd)
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "KILN_LOCAL_BUILD_USER names the user '"
                              + configured
                              + "', which does not exist on this node."));
    }
    if (user.uid() == 0 || user.gid() == 0) {
      throw new IllegalArgumentException(
          "KILN_LOCAL_BUILD_USER is "
              + user.label()
              + ": builds must not run as root or in the root group.");
    }
    return Optional.of(user);
  }

  /** The uid of this process, from the owner of its {@code /proc/self}. */
  static int kilnUid() {
    try {
      return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return -1; // not Linux: no user to switch, and no bubblewrap either
    }
  }

  /** Looks a user up with {@code getent passwd}, so users from LDAP and the like are found too. */
  static Optional<String> getent(String name) {
    try {
      Process process =
          new ProcessBuilder("getent", "passwd", name).redirectErrorStream(true).start();
      String line = new String(process.getInputStream().readAllBytes()).strip();
      return process.waitFor() == 0 && !line.isEmpty() ? Optional.of(line) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  private static BuildUser fromPasswd(String line) {
    String[] fields = line.split(":");
    if (fields.length < 4 || !fields[2].matches("\\d+") || !fields[3].matches("\\d+")) {
      throw new IllegalArgumentException("Could not read the user's entry: " + line);
    }
    return new BuildUser(
        Integer.parseInt(fields[2]),
        Integer.parseInt(fields[3]),
        fields[0] + " (" + fields[2] + ":" + fields[3] + ")");
  }
}
