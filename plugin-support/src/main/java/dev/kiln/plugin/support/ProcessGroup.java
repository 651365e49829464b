package dev.kiln.plugin.support;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A command and everything it starts, stopped together: SIGTERM first, SIGKILL after a grace. The
 * command runs under {@code setsid}, so its pid is also its process group id and one signal reaches
 * the whole tree; descendants that left the group are found through the process table as well:
 * while the command runs as its descendants, and on Linux also afterwards, by a marker variable
 * they inherited from it. A process that both leaves the group and clears its environment escapes:
 * only a PID namespace (a sandbox, a container) contains everything. Needs {@code setsid}, {@code
 * bash} and {@code kill} on the PATH (Linux; macOS lacks {@code setsid}).
 */
public final class ProcessGroup {

  /**
   * Starts the command in its own session, with a watchdog beside it in the same process group: if
   * the Kiln JVM dies (killed, out of memory), nothing would stop the command, so the watchdog,
   * which polls the JVM's pid ($1), kills the whole group itself. The command (the rest of the
   * arguments) replaces the starting shell, so its pid stays the group's id and its exit code is
   * the process's.
   */
  static final String WATCHDOG =
      "(while kill -0 \"$1\" 2>/dev/null; do sleep 2; done; kill -KILL 0)"
          + " </dev/null >/dev/null 2>&1 & shift; exec \"$@\"";

  /** The variable whose entry marks the build's processes: unique to each build. */
  public static final String MARKER = "KILN_WORKSPACE";

  private static final Path PROC = Path.of("/proc");

  private final Process leader;
  private final String marker;

  /** Starts {@code script} with {@code bash -eo pipefail}, as Kiln's Local shell builder does. */
  public static ProcessGroup startScript(
      Path script, Path workspace, Map<String, String> environment) throws IOException {
    return start(
        List.of("bash", "--noprofile", "--norc", "-eo", "pipefail", script.toString()),
        workspace,
        environment);
  }

  /**
   * Starts {@code command} in {@code directory} with exactly {@code environment}, which must hold
   * {@link #MARKER} with a value no other process on the machine carries (the build's own
   * workspace, as Kiln's builders set it): processes that left the group are found by it.
   *
   * @throws IllegalArgumentException when the environment has no {@link #MARKER}
   */
  public static ProcessGroup start(
      List<String> command, Path directory, Map<String, String> environment) throws IOException {
    String marker = environment.get(MARKER);
    if (marker == null || marker.isEmpty()) {
      throw new IllegalArgumentException(
          "The environment needs " + MARKER + " (the build's workspace) to find its processes.");
    }
    List<String> line = new ArrayList<>();
    line.addAll(List.of("setsid", "bash", "--noprofile", "--norc", "-c", WATCHDOG, "kiln-build"));
    line.add(Long.toString(ProcessHandle.current().pid()));
    line.addAll(command);
    ProcessBuilder builder = new ProcessBuilder(line).directory(directory.toFile());
    builder.environment().clear();
    builder.environment().putAll(environment);
    return new ProcessGroup(builder.start(), MARKER + "=" + marker);
  }

  /**
   * A group led by {@code leader}.
   *
   * @param marker a {@code NAME=value} entry of the script's environment that no process outside
   *     this build carries, such as its unique workspace
   */
  ProcessGroup(Process leader, String marker) {
    this.leader = leader;
    this.marker = marker;
  }

  /** The command's process: its output streams and its exit. */
  public Process process() {
    return leader;
  }

  /** Kills at once whatever is left of the group: call it when the command has exited. */
  public void killRemaining() {
    stop(Duration.ZERO);
  }

  /**
   * Sends SIGTERM to the group, waits up to {@code grace} for it to exit, then SIGKILLs what is
   * left; with a zero grace, SIGKILLs at once. Safe to call from any thread, more than once.
   */
  public void stop(Duration grace) {
    List<ProcessHandle> descendants =
        Stream.concat(leader.descendants(), marked()).distinct().toList();
    if (!grace.isZero()) {
      signal("TERM");
      descendants.forEach(ProcessHandle::destroy);
      long deadline = System.nanoTime() + grace.toNanos();
      while (System.nanoTime() < deadline && (leader.isAlive() || anyAlive(descendants))) {
        sleep();
      }
    }
    signal("KILL");
    leader.destroyForcibly();
    descendants.forEach(ProcessHandle::destroyForcibly);
  }

  /** The processes whose environment holds the marker: orphans that left the group included. */
  private Stream<ProcessHandle> marked() {
    if (!Files.isDirectory(PROC)) {
      return Stream.empty();
    }
    String entry = latin1(("\0" + marker + "\0").getBytes(nativeCharset()));
    long self = ProcessHandle.current().pid();
    return ProcessHandle.allProcesses()
        .filter(p -> p.pid() != self && environment(p.pid()).contains(entry));
  }

  /** The process's initial environment, NUL-separated and NUL-prefixed; empty when unreadable. */
  private static String environment(long pid) {
    try {
      return "\0" + latin1(Files.readAllBytes(PROC.resolve(Long.toString(pid)).resolve("environ")));
    } catch (IOException | SecurityException e) {
      return "";
    }
  }

  /** Bytes as chars one to one, so byte sequences compare as strings. */
  private static String latin1(byte[] bytes) {
    return new String(bytes, StandardCharsets.ISO_8859_1);
  }

  private static Charset nativeCharset() {
    String name = System.getProperty("sun.jnu.encoding", System.getProperty("native.encoding"));
    try {
      return name == null ? Charset.defaultCharset() : Charset.forName(name);
    } catch (IllegalArgumentException e) {
      return Charset.defaultCharset();
    }
  }

  private static boolean anyAlive(List<ProcessHandle> processes) {
    return processes.stream().anyMatch(ProcessHandle::isAlive);
  }

  private void signal(String name) {
    try {
      new ProcessBuilder("kill", "-" + name, "--", "-" + leader.pid())
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start()
          .waitFor();
    } catch (IOException e) {
      // No kill(1): the per-process fallback in stop() still applies.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void sleep() {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
