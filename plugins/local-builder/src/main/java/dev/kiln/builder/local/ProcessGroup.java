package dev.kiln.builder.local;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A script run without the sandbox (the admin turned it off), with everything it started. The
 * script runs under {@code setsid}, so its pid is also its process group id and one signal reaches
 * the whole tree; descendants that left the group are found through the process table as well:
 * while the script runs as its descendants, and on Linux also afterwards, by the marker variable
 * they inherited from it. A process that both leaves the group and clears its environment escapes:
 * only the sandbox's PID namespace contains everything.
 */
final class ProcessGroup implements RunningScript {

  /**
   * Starts the script in its own session, with a watchdog beside it in the same process group: if
   * the Kiln JVM dies (killed, out of memory), nothing would stop the script, so the watchdog,
   * which polls the JVM's pid ($1), kills the whole group itself. The script ($2) replaces the
   * starting shell, so its pid stays the group's id and its exit code is the process's.
   */
  static final String WATCHDOG =
      "(while kill -0 \"$1\" 2>/dev/null; do sleep 2; done; kill -KILL 0)"
          + " </dev/null >/dev/null 2>&1 & exec bash --noprofile --norc -eo pipefail \"$2\"";

  private static final Path PROC = Path.of("/proc");

  private final Process leader;
  private final String marker;

  /** Starts {@code script} in {@code workspace} with exactly {@code environment}. */
  static ProcessGroup start(Path script, Path workspace, Map<String, String> environment)
      throws IOException {
    ProcessBuilder command =
        new ProcessBuilder(
                "setsid",
                "bash",
                "--noprofile",
                "--norc",
                "-c",
                WATCHDOG,
                "kiln-build",
                Long.toString(ProcessHandle.current().pid()),
                script.toString())
            .directory(workspace.toFile());
    command.environment().clear();
    command.environment().putAll(environment);
    return new ProcessGroup(command.start(), "KILN_WORKSPACE=" + environment.get("KILN_WORKSPACE"));
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

  @Override
  public Process process() {
    return leader;
  }

  /**
   * Kills what the script left; the count is always 0: without the sandbox there is no telling the
   * script's processes (the watchdog among them) from the rest of the machine's well enough to
   * count.
   */
  @Override
  public long finish() {
    stop(Duration.ZERO);
    return 0;
  }

  /**
   * Sends SIGTERM to the group, waits up to {@code grace} for it to exit, then SIGKILLs what is
   * left.
   */
  @Override
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
