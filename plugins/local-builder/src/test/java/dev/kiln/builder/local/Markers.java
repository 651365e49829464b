package dev.kiln.builder.local;

import dev.kiln.plugin.testkit.Await;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

/**
 * Finds a test's processes in the host's process table by a name the script gives them ({@code exec
 * -a NAME sleep 300}): a sandboxed script's own pids are those of its namespace, meaningless
 * outside, so the test cannot go by pids.
 */
final class Markers {

  private final String name;

  Markers(String label) {
    this.name = "kiln-" + label + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** The name to give the processes, as {@code exec -a} takes it. */
  String name() {
    return name;
  }

  /** How many live processes carry the name. */
  long count() {
    return processes().size();
  }

  /** Kills them, so a failing test leaves nothing sleeping. */
  void killAll() {
    processes().forEach(ProcessHandle::destroyForcibly);
  }

  private List<ProcessHandle> processes() {
    return ProcessHandle.allProcesses()
        .filter(p -> name.equals(argv0(p.pid())) && Await.isAlive(p.pid()))
        .toList();
  }

  private static String argv0(long pid) {
    try {
      byte[] cmdline = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
      int end = 0;
      while (end < cmdline.length && cmdline[end] != 0) {
        end++;
      }
      return new String(cmdline, 0, end, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }
}
