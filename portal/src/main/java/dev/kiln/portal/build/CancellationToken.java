package dev.kiln.portal.build;

import dev.kiln.plugin.api.Cancellation;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/** A build's stop request: a user's cancel or the timeout, whichever comes first, once. */
final class CancellationToken implements Cancellation {

  private final List<Runnable> actions = new ArrayList<>();
  private volatile boolean requested;
  private volatile String cancelledBy;
  private volatile boolean timedOut;

  @Override
  public boolean isRequested() {
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

  void cancel(String by) {
    if (trigger(() -> cancelledBy = by)) {
      runActions();
    }
  }

  void timeOut() {
    if (trigger(() -> timedOut = true)) {
      runActions();
    }
  }

  String cancelledBy() {
    return cancelledBy;
  }

  boolean timedOut() {
    return timedOut;
  }

  /** Records why, then marks the request: whoever sees it requested also sees the reason. */
  private synchronized boolean trigger(Runnable recordReason) {
    if (requested) {
      return false;
    }
    recordReason.run();
    requested = true;
    return true;
  }

  private void runActions() {
    List<Runnable> toRun;
    synchronized (this) {
      toRun = List.copyOf(actions);
      actions.clear();
    }
    // Builders start stopping here; each gets its own thread so one slow action cannot hold the
    // rest.
    // Platform threads: a plugin's action that spins would pin one of the few virtual-thread
    // carriers.
    toRun.forEach(
        action ->
            Thread.ofPlatform()
                .daemon()
                .name("cancel")
                .start(
                    () -> {
                      try {
                        action.run();
                      } catch (Throwable e) { // a plugin's failing action ends its own thread only
                        LoggerFactory.getLogger(CancellationToken.class)
                            .warn("A builder's cancel action failed: {}", e.toString());
                      }
                    }));
  }
}
