package dev.kiln.portal.build;

import dev.kiln.portal.build.domain.BuildRepository;
import dev.kiln.portal.node.NodeProperties;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The builds this node runs now, with their stop requests. Timeouts fire from here; cancels arrive
 * directly when the user is on this node, and from the database (polled) when on another one.
 */
@Component
class RunningBuilds {

  private final Map<Long, CancellationToken> running = new ConcurrentHashMap<>();
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().name("build-timeouts").daemon().factory());
  private final BuildRepository builds;
  private final String node;

  RunningBuilds(BuildRepository builds, NodeProperties node) {
    this.builds = builds;
    this.node = node.name();
  }

  /** Registers a starting build; the returned handle ends its registration and its timer. */
  Registration start(long buildId, Duration timeout) {
    var token = new CancellationToken();
    running.put(buildId, token);
    ScheduledFuture<?> deadline =
        timer.schedule(token::timeOut, timeout.toMillis(), TimeUnit.MILLISECONDS);
    return new Registration(
        token,
        () -> {
          deadline.cancel(false);
          running.remove(buildId);
        });
  }

  /** Whether the build runs on this node now. */
  boolean isRunning(long buildId) {
    return running.containsKey(buildId);
  }

  /** Asks a build running on this node to stop; false when it does not run here. */
  boolean cancel(long buildId, String by) {
    CancellationToken token = running.get(buildId);
    if (token == null) {
      return false;
    }
    token.cancel(by);
    return true;
  }

  @Scheduled(fixedDelay = 2000)
  void pollCancelRequests() {
    if (running.isEmpty()) {
      return;
    }
    for (long id : builds.findCancelRequested(node)) {
      builds.findById(id).ifPresent(b -> cancel(id, b.getCancelRequestedBy()));
    }
  }

  @PreDestroy
  void stop() {
    timer.shutdownNow();
  }

  /** A running build's stop request and how to end its registration. */
  record Registration(CancellationToken token, Runnable end) implements AutoCloseable {
    @Override
    public void close() {
      end.run();
    }
  }
}
