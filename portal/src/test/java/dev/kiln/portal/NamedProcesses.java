package dev.kiln.portal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

/**
 * A build script's processes, found in the host's process table by the name the script gives them
 * ({@code exec -a NAME sleep 300}): a Local shell build runs in a PID namespace of its own, so the
 * pids it sees mean nothing outside it.
 */
public final class NamedProcesses {

  private final String name;

  public NamedProcesses(String label) {
    this.name = "kiln-" + label + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** The name, as {@code exec -a} takes it. */
  public String name() {
    return name;
  }

  /** How many live processes carry the name. */
  public long count() {
    return live().size();
  }

  /** Kills them, so that a failing test leaves nothing sleeping. */
  public void killAll() {
    live().forEach(ProcessHandle::destroyForcibly);
  }

  private List<ProcessHandle> live() {
    return ProcessHandle.allProcesses()
        .filter(p -> name.equals(argv0(p.pid())) && running(p.pid()))
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

  /** A zombie (dead, not yet reaped) counts as ended. */
  private static boolean running(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      char state = stat.charAt(stat.lastIndexOf(')') + 2);
      return state != 'Z' && state != 'X';
    } catch (IOException | IndexOutOfBoundsException e) {
      return false;
    }
  }
}
