package dev.kiln.builder.gha;

import dev.kiln.plugin.api.Cancellation;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Waiting that Kiln's cancellation cuts short, so a cancelled build never sits out a poll interval.
 */
final class Pause {

  private final CountDownLatch cancelled = new CountDownLatch(1);

  private Pause() {}

  /** A pause that ends early once {@code cancellation} is requested. */
  static Pause until(Cancellation cancellation) {
    Pause pause = new Pause();
    cancellation.onRequest(pause.cancelled::countDown);
    return pause;
  }

  /** A pause nothing cancels, for health checks and the orphan reaper. */
  static Pause uncancellable() {
    return new Pause();
  }

  /** Waits {@code duration}; returns false, at once, when the build is cancelled. */
  boolean sleep(Duration duration) throws InterruptedException {
    return !cancelled.await(Math.max(0, duration.toMillis()), TimeUnit.MILLISECONDS);
  }

  /** Tells whether cancellation was requested. */
  boolean isCancelled() {
    return cancelled.getCount() == 0;
  }
}
