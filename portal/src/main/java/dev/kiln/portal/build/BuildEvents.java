package dev.kiln.portal.build;

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

/**
 * Tells open build pages that a build's log grew or its state changed, on every node: listeners on
 * this node are called at once, and other nodes hear of it through PostgreSQL's NOTIFY on one
 * channel, which each node LISTENs to on a connection of its own. Listeners run on their own
 * virtual thread, never on the thread running the build, so a slow browser cannot slow a build.
 *
 * <p>Events only prompt a look at the database, which stays the truth: a notification lost while a
 * node reconnects delays a page's update until the next event, and loses nothing.
 */
@Component
public class BuildEvents implements DisposableBean {

  /** What happened to a build. */
  public enum Kind {
    LOG,
    STATE
  }

  static final String CHANNEL = "kiln_build_events";

  private static final Logger log = LoggerFactory.getLogger(BuildEvents.class);
  private static final long RECONNECT_MILLIS = 2_000;

  private final Map<Long, Set<Consumer<Kind>>> listeners = new ConcurrentHashMap<>();
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
   * Calls {@code listener} for each event of build {@code buildId} until the returned handle is
   * closed.
   */
  public AutoCloseable subscribe(long buildId, Consumer<Kind> listener) {
    listeners.computeIfAbsent(buildId, id -> ConcurrentHashMap.newKeySet()).add(listener);
    return () ->
        listeners.computeIfPresent(
            buildId,
            (id, set) -> {
              set.remove(listener);
              return set.isEmpty() ? null : set;
            });
  }

  void publish(long buildId, Kind kind) {
    deliver(buildId, kind);
    try {
      jdbc.queryForObject(
          "select pg_notify(?, ?)", Object.class, CHANNEL, node + " " + buildId + " " + kind);
    } catch (RuntimeException e) {
      log.debug(
          "Could not tell other nodes of build {}'s {} event: {}", buildId, kind, e.getMessage());
    }
  }

  private void deliver(long buildId, Kind kind) {
    for (Consumer<Kind> listener : listeners.getOrDefault(buildId, Set.of())) {
      executor.execute(() -> listener.accept(kind));
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

  private void receive(String payload) {
    // "<node> <build id> <kind>"; the node's name may hold spaces, the rest does not.
    int kindAt = payload.lastIndexOf(' ');
    int idAt = kindAt <= 0 ? -1 : payload.lastIndexOf(' ', kindAt - 1);
    if (idAt <= 0 || payload.substring(0, idAt).equals(node)) {
      return; // this node's own events were delivered when published
    }
    try {
      deliver(
          Long.parseLong(payload.substring(idAt + 1, kindAt)),
          Kind.valueOf(payload.substring(kindAt + 1)));
    } catch (IllegalArgumentException e) {
      log.debug("Ignoring a build event I do not understand: {}", payload);
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
