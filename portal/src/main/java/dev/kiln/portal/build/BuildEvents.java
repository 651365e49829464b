package dev.kiln.portal.build;

import dev.kiln.portal.access.ProjectAccessChanged;
import dev.kiln.portal.node.NodeProperties;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Tells open build pages what changed in a build, on every node: listeners on this node are called
 * at once, and other nodes hear of it through PostgreSQL's NOTIFY on one channel, which each node
 * LISTENs to on a connection of its own. Listeners run on their own virtual thread, never on the
 * thread running the build, so a slow browser cannot slow a build.
 *
 * <p>Each event carries what changed ({@link Change}), so a page acts on it without asking the
 * database what happened. The database stays the truth: a notification lost while a node reconnects
 * is made good by the next one (a log event carries the whole count of stored chunks) and by the
 * final state event, after which pages read the build once more.
 */
@Component
public class BuildEvents implements DisposableBean {

  /** What changed. */
  public sealed interface Change permits LogGrew, StateChanged, AccessChanged {}

  /** The build's log now has {@code chunks} chunks stored. */
  public record LogGrew(int chunks) implements Change {}

  /** The build is now in {@code state}. */
  public record StateChanged(BuildState state) implements Change {}

  /**
   * Who may see project {@code projectId} may have changed: delivered to every listener, of every
   * build, so that each checks again whether its user still may see its build.
   */
  public record AccessChanged(long projectId) implements Change {}

  static final String CHANNEL = "kiln_build_events";

  private static final Logger log = LoggerFactory.getLogger(BuildEvents.class);
  private static final long RECONNECT_MILLIS = 2_000;

  private final Map<Long, Set<Consumer<Change>>> listeners = new ConcurrentHashMap<>();
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final DataSource dataSource;
  private final JdbcTemplate jdbc;
  private final String node;
  private volatile boolean stopped;
  private volatile Thread listener;

  BuildEvents(DataSource dataSource, NodeProperties node) {
    this.dataSource = dataSource;
    this.jdbc = new JdbcTemplate(dataSource);
    this.node = node.name();
  }

  /**
   * Calls {@code listener} for each change of build {@code buildId}, and for every {@link
   * AccessChanged}, until the returned handle is closed.
   */
  public AutoCloseable subscribe(long buildId, Consumer<Change> listener) {
    listeners.computeIfAbsent(buildId, id -> ConcurrentHashMap.newKeySet()).add(listener);
    return () ->
        listeners.computeIfPresent(
            buildId,
            (id, set) -> {
              set.remove(listener);
              return set.isEmpty() ? null : set;
            });
  }

  /**
   * Tells of a change of the build's state, which this class reads: one query for every page on
   * every node, not one per page.
   */
  void publishState(long buildId) {
    try {
      publish(buildId, stateOf(buildId));
    } catch (RuntimeException e) {
      log.debug("Could not read build {} for its state event: {}", buildId, e.getMessage());
    }
  }

  void publish(long buildId, Change change) {
    deliver(buildId, change);
    try {
      jdbc.queryForObject(
          "select pg_notify(?, ?)", Object.class, CHANNEL, Payload.of(buildId, change, node));
    } catch (RuntimeException e) {
      log.debug(
          "Could not tell other nodes of build {}'s {} event: {}", buildId, change, e.getMessage());
    }
  }

  /** Membership of a project changed: every page checks again whether its user may still look. */
  @TransactionalEventListener(fallbackExecution = true)
  void accessChanged(ProjectAccessChanged event) {
    publish(0, new AccessChanged(event.projectId()));
  }

  private StateChanged stateOf(long buildId) {
    return new StateChanged(
        BuildState.valueOf(
            jdbc.queryForObject("select state from builds where id = ?", String.class, buildId)));
  }

  private void deliver(long buildId, Change change) {
    if (change instanceof AccessChanged) {
      listeners.values().forEach(set -> set.forEach(l -> executor.execute(() -> l.accept(change))));
      return;
    }
    for (Consumer<Change> listener : listeners.getOrDefault(buildId, Set.of())) {
      executor.execute(() -> listener.accept(change));
    }
  }

  @EventListener(ApplicationReadyEvent.class)
  void listenToOtherNodes() {
    listener = Thread.ofPlatform().daemon().name("kiln-build-events").start(this::listen);
  }

  private void listen() {
    while (!stopped) {
      try (Connection connection = dataSource.getConnection()) {
        try (Statement statement = connection.createStatement()) {
          statement.execute("listen " + CHANNEL);
        }
        PGConnection pg = connection.unwrap(PGConnection.class);
        while (!stopped) {
          PGNotification[] received = pg.getNotifications(1_000);
          if (received != null) {
            for (PGNotification notification : received) {
              receive(notification.getParameter());
            }
          }
        }
      } catch (SQLException | RuntimeException e) {
        if (!stopped) {
          log.warn(
              "Lost the database connection that carries build events from other nodes ({}); retrying",
              e.getMessage());
          sleep();
        }
      }
    }
  }

  private void receive(String text) {
    try {
      Payload payload = Payload.parse(text);
      if (!payload.node().equals(node)) { // this node's own events were delivered when published
        deliver(payload.buildId(), payload.change());
      }
    } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
      log.debug("Ignoring a build event I do not understand: {}", text);
    }
  }

  private void sleep() {
    try {
      Thread.sleep(RECONNECT_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stopped = true;
    }
  }

  @Override
  public void destroy() throws InterruptedException {
    stopped = true;
    Thread running = listener;
    if (running != null) {
      running.join(3_000);
    }
    executor.shutdownNow();
  }
}
