package dev.kiln.builder.ssh;

import dev.kiln.plugin.testkit.Await;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Processes a test's build script starts under a name of the test's ({@code exec -a}), found in
 * this machine's {@code /proc}: in a PID namespace a script's {@code $!} is not the pid the test
 * sees, but the name is the same everywhere.
 */
final class Marked {

  private final String prefix = "kiln-mark-" + UUID.randomUUID().toString().substring(0, 8);

  /**
   * Lines of bash that start a {@code sleep 300} named after each way a process can detach from the
   * script, each in the background: a new session, a double fork (with and without one), a cleared
   * environment, {@code exec -c}, {@code nohup}, and job control (a process group of its own).
   */
  String escapes() {
    return String.join(
        "\n",
        "setsid bash -c '" + sleeper("setsid") + "' &",
        "( setsid bash -c '" + sleeper("double-fork-setsid") + "' & ) &",
        "( ( " + sleeper("double-fork") + " ) & ) &",
        "env -i setsid bash -c '" + sleeper("env-i-setsid") + "' &",
        "( exec -c setsid bash -c '" + sleeper("exec-c-setsid") + "' ) &",
        "nohup setsid bash -c '" + sleeper("nohup-setsid") + "' >/dev/null 2>&1 &",
        "bash -c 'set -m; (" + sleeper("job-control") + ") &'",
        "");
  }

  /** How many processes {@link #escapes()} leaves running. */
  static final int ESCAPES = 7;

  /** How many of them leave the script's process group (all but the plain double fork). */
  static final int OUT_OF_GROUP = 6;

  /** A bash command that becomes {@code sleep 300} named {@code label}. */
  String sleeper(String label) {
    return "exec -a " + prefix + "-" + label + " sleep 300";
  }

  /** The marked processes alive now, by label. */
  Map<String, Long> alive() {
    Map<String, Long> alive = new TreeMap<>();
    try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
      for (Path entry : (Iterable<Path>) entries::iterator) {
        String name = entry.getFileName().toString();
        if (!name.chars().allMatch(Character::isDigit)) {
          continue;
        }
        String command = commandName(entry);
        long pid = Long.parseLong(name);
        if (command.startsWith(prefix + "-") && Await.isAlive(pid)) {
          alive.put(command.substring(prefix.length() + 1), pid);
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot list /proc", e);
    }
    return alive;
  }

  /** Kills whatever is left, so a failing test leaves nothing sleeping. */
  void killAll() {
    List<Long> pids = new ArrayList<>(alive().values());
    pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
  }

  private static String commandName(Path process) {
    try {
      String cmdline =
          new String(Files.readAllBytes(process.resolve("cmdline")), StandardCharsets.UTF_8);
      int end = cmdline.indexOf('\0');
      return end < 0 ? cmdline : cmdline.substring(0, end);
    } catch (IOException e) {
      return "";
    }
  }
}
