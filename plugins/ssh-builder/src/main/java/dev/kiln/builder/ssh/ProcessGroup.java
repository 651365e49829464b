package dev.kiln.builder.ssh;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The process group of a build's script on the host, as the login shell reported it on the channel
 * before the script started: never read back from a file, since everything the remote user can
 * write, the build can write too. Only a plain decimal number greater than 1 is taken, so no value
 * can make {@code kill} reach every process of the user ({@code -1}) or the whole host ({@code 0},
 * {@code 1}).
 *
 * @param id the process group id, greater than 1
 */
record ProcessGroup(int id) {

  /** Linux's largest possible pid (PID_MAX_LIMIT). */
  static final int MAX = 4_194_304;

  private static final Pattern DECIMAL = Pattern.compile("[1-9][0-9]{0,6}");
  private static final Pattern SIGNAL = Pattern.compile("0|[A-Z]{2,8}");

  ProcessGroup {
    if (id <= 1 || id > MAX) {
      throw new IllegalArgumentException("not a process group id: " + id);
    }
  }

  /**
   * The group named by {@code text}, or empty when it is not a plain number between 2 and {@link
   * #MAX}.
   */
  static Optional<ProcessGroup> parse(String text) {
    if (text == null || !DECIMAL.matcher(text).matches()) {
      return Optional.empty();
    }
    int id = Integer.parseInt(text);
    return id > 1 && id <= MAX ? Optional.of(new ProcessGroup(id)) : Optional.empty();
  }

  /**
   * A shell command that sends {@code signal} to the group if it may still be the build's: either
   * no process has the group's id (its leader is gone, and Linux does not reuse a pid while its
   * group lives), or the one that has it still runs {@code script}. The form works in bash, dash
   * and busybox sh alike ({@code kill --} is not dash's).
   */
  String signalCommand(String signal, String script) {
    if (!SIGNAL.matcher(signal).matches()) {
      throw new IllegalArgumentException("not a signal name: " + signal);
    }
    String proc = Shell.quote("/proc/" + id);
    return "{ [ ! -e "
        + proc
        + " ] || grep -aqF -e "
        + Shell.quote(script)
        + " "
        + Shell.quote("/proc/" + id + "/cmdline")
        + "; } && kill -"
        + signal
        + " "
        + Shell.quote("-" + id)
        + " 2>/dev/null";
  }
}
