package dev.kiln.builder.local;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * The script's process and everything it started. The script runs under {@code setsid}, so its pid
 * is also its process group id and one signal reaches the whole tree; descendants that left the
 * group are found through the process table as well.
 */
final class ProcessGroup {

  private final Process leader;

  ProcessGroup(Process leader) {
    this.leader = leader;
  }

  /** Sends SIGTERM to the group, waits up to {@code grace} for it to exit, then SIGKILLs what is left. */
  void stop(Duration grace) {
    List<ProcessHandle> descendants = leader.descendants().toList();
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
