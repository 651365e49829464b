package dev.kiln.builder.docker;

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
}
