package dev.kiln.builder.ssh;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polling with a deadline, so tests wait for a condition instead of sleeping a fixed time. */
final class Await {

  private Await() {}

  /** Waits until {@code condition} holds; fails the test when {@code timeout} passes first. */
  static void await(Duration timeout, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("condition not met within " + timeout);
      }
      Thread.sleep(20);
    }
  }

  /**
   * Tells whether the process {@code pid} is still running. A zombie (dead, not yet reaped by its
   * new parent, which in a container may be a slow or absent init) counts as dead, although Java
   * reports it alive.
   */
  static boolean isAlive(long pid) {
    if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
      return false;
    }
    Path stat = Path.of("/proc", Long.toString(pid), "stat");
    if (!Files.isDirectory(Path.of("/proc/self"))) {
      return true;
    }
    try {
      String text = Files.readString(stat);
      char state = text.charAt(text.lastIndexOf(')') + 2);
      return state != 'Z' && state != 'X';
    } catch (IOException | IndexOutOfBoundsException e) {
      return false;
    }
  }
}
