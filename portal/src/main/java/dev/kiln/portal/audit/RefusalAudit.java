package dev.kiln.portal.audit;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Records refusals that strangers can provoke at will (a forged webhook delivery, parameters a
 * trigger may not give), up to {@link #PER_MINUTE} a minute per project and kind on each node, so
 * that a flood does not bury the audit log. Beyond that they are counted, and the next entry
 * recorded says how many were not. Entries are written in a transaction of their own: the refused
 * request's own rolls back.
 */
@Component
public class RefusalAudit {

  /** At most this many refusals of one kind are recorded per project and minute. */
  public static final int PER_MINUTE = 10;

  private final AuditLog audit;
  private final Clock clock;
  private final Map<String, Window> windows = new ConcurrentHashMap<>();

  RefusalAudit(AuditLog audit, Clock clock) {
    this.audit = audit;
    this.clock = clock;
  }

  /** Records {@code event} (which names its project) unless this minute's share is used up. */
  public void record(AuditEvent event) {
    long minute = clock.millis() / 60_000;
    Window window =
        windows.compute(
            event.projectId() + " " + event.action().code(),
            (key, w) ->
                w == null || w.minute != minute
                    ? new Window(
                        minute, w == null ? 0 : w.unrecorded + Math.max(0, w.count - PER_MINUTE))
                    : w);
    int seen;
    int unrecorded;
    synchronized (window) {
      seen = ++window.count;
      unrecorded = seen == 1 ? window.unrecorded : 0;
    }
    if (seen <= PER_MINUTE) {
      audit.recordIndependently(
          unrecorded == 0
              ? event
              : event.detail(
                  event.detail()
                      + " (and "
                      + unrecorded
                      + " more refused before this one, beyond "
                      + PER_MINUTE
                      + " a minute, not recorded one by one)"));
    }
  }

  /**
   * Refusals of one project and kind in one minute, and those of earlier minutes that were not
   * recorded.
   */
  private static final class Window {
    final long minute;
    final int unrecorded;
    int count;

    Window(long minute, int unrecorded) {
      this.minute = minute;
      this.unrecorded = unrecorded;
    }
  }
}
