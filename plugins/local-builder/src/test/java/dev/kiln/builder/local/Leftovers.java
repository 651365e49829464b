package dev.kiln.builder.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Kills what a failed test left running, so a broken builder does not leave scripts sleeping for
 * minutes. Best effort, Linux only: it finds the scripts' processes by their {@code KILN_WORKSPACE}
 * in {@code /proc/<pid>/environ}, plus any pids the test recorded.
 */
final class Leftovers {

  private Leftovers() {}

  static void kill(Path workspace, List<Long> recordedPids) {
    recordedPids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    String marker = "\0KILN_WORKSPACE=" + workspace + "\0";
    long self = ProcessHandle.current().pid();
    ProcessHandle.allProcesses()
        .filter(p -> p.pid() != self && environment(p.pid()).contains(marker))
        .forEach(ProcessHandle::destroyForcibly);
  }

  private static String environment(long pid) {
    try {
      byte[] environ = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "environ"));
      return "\0" + new String(environ, StandardCharsets.ISO_8859_1);
    } catch (IOException | SecurityException e) {
      return "";
    }
  }
}
