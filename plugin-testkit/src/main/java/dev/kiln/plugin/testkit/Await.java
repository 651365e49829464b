package dev.kiln.plugin.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Polling with a deadline, so tests wait for a condition instead of sleeping a fixed time. Give
 * generous bounds: a loaded machine is slow, and a bound is a limit, not an expectation.
 */
public final class Await {

  private Await() {}

  /** Waits until {@code condition} holds; fails the test when {@code timeout} passes first. */
  public static void await(Duration timeout, BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("condition not met within " + timeout);
      }
      Thread.sleep(20);
    }
  }

  /**
   * Waits until {@code file} holds a pid followed by a newline (a script's {@code echo $$ > file}),
   * and returns that pid.
   */
  public static long awaitPid(Path file, Duration timeout) throws InterruptedException {
    await(timeout, () -> readPid(file) > 0);
    return readPid(file);
  }

  /**
   * Tells whether the process {@code pid} is still running. A zombie (dead, not yet reaped by its
   * new parent, which in a container may be a slow or absent init) counts as dead, although Java
   * reports it alive.
   */
  public static boolean isAlive(long pid) {
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

  private static long readPid(Path file) {
    try {
      String text = Files.readString(file);
      return text.endsWith("\n") ? Long.parseLong(text.strip()) : -1;
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
  }
}
