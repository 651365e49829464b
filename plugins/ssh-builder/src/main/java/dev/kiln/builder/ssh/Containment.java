package dev.kiln.builder.ssh;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * How a build's processes are kept from outliving it on the host. In a PID namespace of their own
 * none can: when the build's first process ({@code init.sh}) ends, the kernel kills every other
 * process in the namespace, whatever it did to detach (setsid, double fork, {@code nohup}, a
 * cleared environment). Hosts differ in what they allow, so each build first asks the host with
 * {@link #PROBE} and takes the first way that works:
 *
 * <ol>
 *   <li>util-linux {@code unshare}: a PID namespace, a fresh {@code /proc}, and for a user other
 *       than root a user namespace that maps the user to itself (which unprivileged users may
 *       create when the host allows user namespaces);
 *   <li>the same without a fresh {@code /proc}, where the host refuses to mount one (in a
 *       container);
 *   <li>{@code bwrap} (bubblewrap) with a PID namespace, when it is installed;
 *   <li>none: only the script's process group is known, as before.
 * </ol>
 *
 * @param kind the way chosen
 * @param program the absolute path of {@code unshare} or {@code bwrap}, or {@code null}
 * @param root whether builds run as root, who needs no user namespace
 * @param reason why none of the ways worked, in the host's words; {@code null} when one did
 */
record Containment(Kind kind, String program, boolean root, String reason) {

  /** The ways, best first. */
  enum Kind {
    UNSHARE_WITH_PROC,
    UNSHARE,
    BWRAP,
    NONE
  }

  private static final String UNSHARE_FLAGS = "--pid --fork --kill-child";
  private static final String BWRAP_FLAGS =
      "--dev-bind / / --proc /proc --unshare-pid --new-session --die-with-parent";

  /**
   * A POSIX shell script that tries each way with {@code true} and prints {@code use=<kind>
   * <program>} for the first that works, after a line {@code <kind>=<first line of its error>} for
   * each that did not, and {@code root=yes} when the user is root.
   */
  static final String PROBE =
      String.join(
          "\n",
          "u='--user --map-current-user'; c=",
          "if [ \"$(id -u)\" = 0 ]; then u=; c='--cap-add ALL'; echo root=yes; fi",
          "try() { k=$1; shift; if e=$(\"$@\" true 2>&1); then echo \"use=$k $p\"; exit 0; fi;"
              + " echo \"$k=$(printf '%s\\n' \"$e\" | head -n 1)\"; }",
          "if p=$(command -v unshare); then",
          "  try UNSHARE_WITH_PROC \"$p\" $u " + UNSHARE_FLAGS + " --mount-proc",
          "  try UNSHARE \"$p\" $u " + UNSHARE_FLAGS,
          "else echo 'UNSHARE=unshare is not installed'; fi",
          "if p=$(command -v bwrap); then try BWRAP \"$p\" $c " + BWRAP_FLAGS + " --",
          "else echo 'BWRAP=bwrap (bubblewrap) is not installed'; fi",
          "echo use=NONE");

  /** No containment, for the reason given. */
  static Containment none(String reason) {
    return new Containment(Kind.NONE, null, false, reason);
  }

  /** Reads what {@link #PROBE} printed. */
  static Containment parse(String output) {
    boolean root = false;
    Set<String> failures = new LinkedHashSet<>();
    for (String line : output.strip().split("\n")) {
      if (line.equals("root=yes")) {
        root = true;
      } else if (line.startsWith("use=")) {
        String[] use = line.substring(4).split(" ", 2);
        // The answer comes from the host, where a login file may print anything: take only what
        // PROBE says.
        Kind kind =
            Arrays.stream(Kind.values())
                .filter(k -> k.name().equals(use[0]))
                .findFirst()
                .orElse(null);
        if (kind == Kind.NONE) {
          return none(String.join("; ", failures));
        }
        if (kind != null && use.length == 2 && use[1].startsWith("/")) {
          return new Containment(kind, use[1], root, null);
        }
        break;
      } else if (line.contains("=")) {
        String[] failure = line.split("=", 2);
        failures.add(failure[1]);
      }
    }
    return none("the host's answer was not understood: " + output.strip());
  }

  /** Tells whether the build's processes are contained. */
  boolean contains() {
    return kind != Kind.NONE;
  }

  /** The mode {@code init.sh} runs in: it finds leftovers by namespace, or by process group. */
  String initMode() {
    return contains() ? "namespace" : "group";
  }

  /** The command words that put {@code init.sh} in its namespace; empty when not contained. */
  String prefix() {
    String user = root ? "" : " --user --map-current-user";
    return switch (kind) {
      case UNSHARE_WITH_PROC ->
          Shell.quote(program) + user + " " + UNSHARE_FLAGS + " --mount-proc ";
      case UNSHARE -> Shell.quote(program) + user + " " + UNSHARE_FLAGS + " ";
      case BWRAP -> Shell.quote(program) + (root ? " --cap-add ALL " : " ") + BWRAP_FLAGS + " -- ";
      case NONE -> "";
    };
  }

  /** A few words for the health check: how builds' processes are contained, or why not. */
  String summary() {
    return switch (kind) {
      case UNSHARE_WITH_PROC, UNSHARE ->
          "build processes are contained in a PID namespace (unshare)";
      case BWRAP -> "build processes are contained in a PID namespace (bwrap)";
      case NONE -> "build processes cannot be contained (" + reason + ")";
    };
  }

  /** A line for the build's log saying how its processes are kept. */
  String describe(String host) {
    String userNamespace =
        root ? "" : ", in a user namespace where sudo and other setuid programs do not work";
    return switch (kind) {
      case UNSHARE_WITH_PROC, UNSHARE ->
          "The build's processes run in a PID namespace of their own (unshare"
              + userNamespace
              + "); none outlive the build.";
      case BWRAP ->
          "The build's processes run in a PID namespace of their own (bwrap"
              + userNamespace
              + "); none outlive the build.";
      case NONE ->
          "Processes could not be contained on "
              + host
              + " ("
              + reason
              + "): one that leaves the"
              + " script's process group (setsid, a daemon) can outlive the build.";
    };
  }
}
