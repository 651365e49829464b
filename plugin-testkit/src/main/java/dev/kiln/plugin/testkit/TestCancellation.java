package dev.kiln.plugin.testkit;

import dev.kiln.plugin.api.Cancellation;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link Cancellation} the test requests. Like Kiln's, it runs each registered action once, and
 * an action registered after the request at once. Unlike Kiln, which runs each action on a thread
 * of its own, it runs them on the requesting thread, so their effect is there when {@link
 * #request()} returns.
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
