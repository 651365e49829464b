package dev.kiln.portal.build;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.springframework.stereotype.Component;

/**
 * Tells open build pages that a build's log grew or its state changed. Listeners run on their own
 * virtual thread, never on the thread running the build, so a slow browser cannot slow a build.
 *
 * <p>In-process for now: a web node learns of builds its own runner executes. Several nodes will
 * carry the same events over PostgreSQL's LISTEN/NOTIFY.
 */
@Component
public class BuildEvents {

  /** What happened to a build. */
  public enum Kind {
    LOG,
    STATE
  }

  private final Map<Long, Set<Consumer<Kind>>> listeners = new ConcurrentHashMap<>();
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

  /** Calls {@code listener} for each event of build {@code buildId} until the returned handle is closed. */
  public AutoCloseable subscribe(long buildId, Consumer<Kind> listener) {
    listeners.computeIfAbsent(buildId, id -> ConcurrentHashMap.newKeySet()).add(listener);
    return () -> listeners.computeIfPresent(buildId, (id, set) -> {
      set.remove(listener);
      return set.isEmpty() ? null : set;
    });
  }

  void publish(long buildId, Kind kind) {
    for (Consumer<Kind> listener : listeners.getOrDefault(buildId, Set.of())) {
      executor.execute(() -> listener.accept(kind));
    }
  }
}
