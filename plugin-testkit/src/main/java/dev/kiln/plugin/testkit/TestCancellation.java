package dev.kiln.plugin.testkit;

import dev.kiln.plugin.api.Cancellation;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link Cancellation} the test requests. Like Kiln's, it runs the registered actions once, on
 * the requesting thread, and an action registered after the request runs at once.
 */
public final class TestCancellation implements Cancellation {

  private final List<Runnable> actions = new ArrayList<>();
  private boolean requested;

  @Override
  public synchronized boolean isRequested() {
    return requested;
  }

  @Override
  public void onRequest(Runnable action) {
    synchronized (this) {
      if (!requested) {
        actions.add(action);
        return;
      }
    }
    action.run();
  }

  /** Requests cancellation and runs every action registered so far, once. */
  public void request() {
    List<Runnable> toRun;
    synchronized (this) {
      if (requested) {
        return;
      }
      requested = true;
      toRun = List.copyOf(actions);
      actions.clear();
    }
    toRun.forEach(Runnable::run);
  }
}
