package dev.kiln.portal.plugin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Makes this node's plugins match the database: at start it loads the uploaded jars (written to its
 * own folder), then follows changes announced on the {@value #CHANNEL} NOTIFY channel, and compares
 * everything again every {@code kiln.plugins.resync-interval} in case a notification was lost. A
 * plugin that must be unloaded while a build runs on it here waits until that build ends.
 */
@Component
class ClusterPluginSync implements InitializingBean, DisposableBean {

  static final String CHANNEL = "kiln_plugins";

  private static final Logger log = LoggerFactory.getLogger(ClusterPluginSync.class);
  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

  private final PluginHost host;
  private final StoredPlugins store;
  private final DataSource dataSource;
  private final Path uploadedDir;
  private final long intervalMillis;

  /** Uploaded versions this node tried and could not even read, so it does not retry each round. */
  private final Map<String, String> unreadable = new ConcurrentHashMap<>();

  private final AtomicBoolean requested = new AtomicBoolean();
  private volatile boolean stopped;
  private volatile Thread follower;

  ClusterPluginSync(
      PluginHost host, StoredPlugins store, DataSource dataSource, PluginProperties properties) {
    this.host = host;
    this.store = store;
    this.dataSource = dataSource;
    this.uploadedDir = properties.uploadedDir();
    this.intervalMillis = properties.resyncInterval().toMillis();
  }

  /** The reason shown on a disabled plugin's builders. */
  static String disabledReason(String by, Instant at) {
    return "Disabled by " + (by == null ? "an admin" : by) + (at == null ? "" : " on " + when(at));
  }

  /** A moment as the Plugins screen shows it, such as {@code 2026-11-23 10:14 UTC}. */
  static String when(Instant at) {
    return WHEN.format(at);
  }

  @Override
  public void afterPropertiesSet() {
    host.onIdle(() -> requested.set(true));
    reconcile();
  }

  /** Brings this node's plugins in line with the database now. */
  synchronized void reconcile() {
    Map<String, StoredPlugins.Row> rows =
        store.rows().stream()
            .collect(Collectors.toMap(StoredPlugins.Row::pluginId, Function.identity()));
    for (InstalledPlugin plugin : host.loaded().plugins()) {
      StoredPlugins.Row row = rows.get(plugin.id());
      if (plugin.source() == PluginSource.UPLOADED && (row == null || !row.hasContent())) {
        attempt(
            plugin.id(),
            "remove",
            () -> {
              host.unload(plugin.id());
              Files.deleteIfExists(plugin.path());
            });
      } else if (plugin.source() != PluginSource.UPLOADED
          && row != null
          && row.generation() > plugin.generation()) {
        attempt(plugin.id(), "reload", () -> host.reload(plugin.id(), null, row.generation()));
      }
    }
    rows.values().stream().filter(StoredPlugins.Row::hasContent).forEach(this::follow);
    for (InstalledPlugin plugin : host.loaded().plugins()) {
      StoredPlugins.Row row = rows.get(plugin.id());
      host.setDisabled(
          plugin.id(),
          row == null || row.enabled() ? null : disabledReason(row.disabledBy(), row.disabledAt()));
    }
  }

  private void follow(StoredPlugins.Row row) {
    InstalledPlugin current = host.loaded().plugin(row.pluginId()).orElse(null);
    String version = row.sha256() + "#" + row.generation();
    if (current != null && current.source() != PluginSource.UPLOADED
        || current != null
            && current.jar().sha256().equals(row.sha256())
            && current.generation() == row.generation()
        || version.equals(unreadable.get(row.pluginId()))) {
      return;
    }
    Path target =
        uploadedDir.resolve(row.pluginId() + "-" + row.sha256().substring(0, 12) + ".jar");
    attempt(
        row.pluginId(),
        "load",
        () -> {
          if (current != null && current.running().get() > 0) {
            throw new PluginRefusedException(
                "a build still runs on it here; it is replaced when that build ends");
          }
          if (!store.copyJar(row.pluginId(), target)) {
            return;
          }
          var loaded =
              current == null
                  ? host.install(
                      target,
                      PluginSource.UPLOADED,
                      row.uploadedBy(),
                      row.uploadedAt(),
                      row.generation())
                  : host.reload(row.pluginId(), target, row.generation());
          if (loaded.isEmpty()) {
            unreadable.put(row.pluginId(), version);
          }
          if (current != null && !current.path().equals(target)) {
            Files.deleteIfExists(current.path());
          }
        });
  }

  private void attempt(String pluginId, String what, IoAction action) {
    try {
      action.run();
    } catch (PluginRefusedException e) {
      log.info("Plugin {}: {} deferred: {}", pluginId, what, e.getMessage());
    } catch (IOException | RuntimeException e) {
      log.warn("Plugin {}: {} failed: {}", pluginId, what, e.getMessage());
    }
  }

  @EventListener(ApplicationReadyEvent.class)
  void followOtherNodes() {
    follower = Thread.ofPlatform().daemon().name("kiln-plugin-sync").start(this::listen);
  }

  /** Starts following without Spring, for tests that run several nodes in one JVM. */
  void startFollowing() {
    followOtherNodes();
  }

  private void listen() {
    while (!stopped) {
      try (Connection connection = dataSource.getConnection()) {
        try (Statement statement = connection.createStatement()) {
          statement.execute("listen " + CHANNEL);
        }
        PGConnection pg = connection.unwrap(PGConnection.class);
        long next = System.currentTimeMillis() + intervalMillis;
        while (!stopped) {
          var received = pg.getNotifications(500);
          if (received != null && received.length > 0
              || requested.getAndSet(false)
              || System.currentTimeMillis() >= next) {
            reconcile();
            next = System.currentTimeMillis() + intervalMillis;
          }
        }
      } catch (SQLException | RuntimeException e) {
        if (!stopped) {
          log.warn(
              "Lost the database connection that carries plugin changes ({}); retrying",
              e.getMessage());
          pause();
        }
      }
    }
  }

  private void pause() {
    try {
      Thread.sleep(2_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stopped = true;
    }
  }

  @Override
  public void destroy() throws InterruptedException {
    stopped = true;
    Thread running = follower;
    if (running != null) {
      running.join(3_000);
    }
  }

  private interface IoAction {
    void run() throws IOException;
  }
}
