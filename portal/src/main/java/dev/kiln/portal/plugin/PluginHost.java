package dev.kiln.portal.plugin;

import dev.kiln.plugin.api.NodeContext;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.pf4j.DefaultPluginManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;

/**
 * Holds this node's builder plugins in one pf4j manager and answers which builders exist. Plugins
 * are loaded, unloaded, reloaded, disabled and enabled at run time; each change publishes {@link
 * BuildersChanged}. A jar that fails is recorded with its reason and every other plugin keeps
 * working. Class loading is explained in {@link PluginClassLoading}; the Spring bean is made by
 * {@link PluginHostConfig}.
 */
public final class PluginHost {

  /**
   * The plugin API version this Kiln offers (from the build); plugins state the range they accept.
   */
  public static final String API_VERSION = BuildInfoResource.pluginApiVersion();

  private static final Logger log = LoggerFactory.getLogger(PluginHost.class);

  private final DefaultPluginManager manager;
  private final boolean localBuilderEnabled;
  private final NodeContext node;
  private final Path pluginDir;
  private final LoadedPlugins loaded;
  private volatile Runnable idle = () -> {};

  PluginHost(List<Path> bundled, Path pluginDir, boolean localBuilderEnabled) throws IOException {
    this(bundled, pluginDir, localBuilderEnabled, event -> {}, NodeContext.unknown());
  }

  PluginHost(
      List<Path> bundled,
      Path pluginDir,
      boolean localBuilderEnabled,
      ApplicationEventPublisher events,
      NodeContext node)
      throws IOException {
    this.localBuilderEnabled = localBuilderEnabled;
    this.node = node;
    this.pluginDir = pluginDir;
    this.loaded = new LoadedPlugins(events);
    Files.createDirectories(pluginDir);
    this.manager = PluginClassLoading.manager(pluginDir, API_VERSION);
    bundled.forEach(jar -> install(jar, PluginSource.SHIPPED, null, null, 0));
    try (Stream<Path> added = Files.list(pluginDir)) {
      added
          .filter(p -> p.getFileName().toString().endsWith(".jar"))
          .sorted()
          .forEach(jar -> install(jar, PluginSource.FOLDER, null, null, 0));
    }
    log.info(
        "Builders: {}; plugin failures: {}",
        builders().stream().map(BuilderEntry::id).toList(),
        failures().size());
  }

  /** Every loaded builder, available or not, in name order. */
  public List<BuilderEntry> builders() {
    return loaded.builders();
  }

  /**
   * The builder with this id, if one is loaded; unavailable, with the reason, when its plugin is
   * disabled.
   */
  public Optional<BuilderEntry> builder(String id) {
    return loaded.builder(id);
  }

  /** Every jar that could not be used, with the reason: unreadable jars and failed plugins. */
  public List<PluginFailure> failures() {
    return loaded.failures();
  }

  /** The plugins loaded on this node, and the jars that failed. */
  LoadedPlugins loaded() {
    return loaded;
  }

  /** The folder operators add plugin jars to. */
  Path folder() {
    return pluginDir;
  }

  /** Called on a build's thread each time a plugin's last running build on this node ends. */
  void onIdle(Runnable idle) {
    this.idle = idle;
  }

  private void idle() {
    idle.run();
  }

  /**
   * Loads and starts a jar; a failure is recorded (with the plugin, when the jar names one) rather
   * than thrown, so the other plugins keep working.
   *
   * @return the plugin, started or failed; empty when the jar could not even be read
   */
  Optional<InstalledPlugin> install(
      Path jar, PluginSource source, String uploadedBy, Instant uploadedAt, long generation) {
    synchronized (loaded) {
      String file = jar.getFileName().toString();
      loaded.retrying(file);
      PluginJar facts;
      try {
        facts = PluginJar.read(jar, API_VERSION);
      } catch (PluginRefusedException | IOException e) {
        loaded.unreadable(file, e.getMessage());
        return Optional.empty();
      }
      if (loaded.plugin(facts.id()).isPresent()) {
        loaded.unreadable(
            file,
            "a plugin with id "
                + facts.id()
                + " is already loaded from "
                + loaded.plugin(facts.id()).orElseThrow().path().getFileName());
        return Optional.empty();
      }
      var running = new AtomicInteger();
      List<BuilderEntry> entries = List.of();
      String error = null;
      try {
        entries =
            PluginStarter.start(manager, jar, facts.id(), node).stream()
                .map(
                    d -> BuilderEntries.started(facts, d, running, localBuilderEnabled, this::idle))
                .toList();
        error = loaded.clash(facts.id(), entries.stream().map(BuilderEntry::id).toList());
        if (error != null) {
          manager.unloadPlugin(facts.id());
          entries = List.of();
        }
      } catch (PluginRefusedException e) {
        error = e.getMessage();
      }
      if (error != null) {
        log.warn("Plugin {} ({}) is not usable: {}", facts.id(), file, error);
      }
      var plugin =
          new InstalledPlugin(
              facts,
              jar,
              source,
              uploadedBy,
              uploadedAt,
              generation,
              entries,
              error,
              null,
              running);
      loaded.put(plugin);
      return Optional.of(plugin);
    }
  }

  /**
   * Stops and unloads a plugin; its builders disappear.
   *
   * @throws PluginRefusedException while a build runs on one of its builders on this node
   */
  void unload(String id) {
    synchronized (loaded) {
      InstalledPlugin plugin = loaded.plugin(id).orElse(null);
      if (plugin == null) {
        return;
      }
      plugin.requireIdle();
      if (plugin.error() == null) {
        manager.unloadPlugin(id);
      }
      loaded.remove(id);
    }
  }

  /**
   * Unloads a plugin and loads its jar again (the same file, or {@code jar} when given).
   *
   * @throws PluginRefusedException while a build runs on one of its builders on this node
   */
  Optional<InstalledPlugin> reload(String id, Path jar, long generation) {
    synchronized (loaded) {
      InstalledPlugin old = loaded.plugin(id).orElse(null);
      if (old == null) {
        throw new PluginRefusedException("plugin " + id + " is not installed on this node");
      }
      unload(id);
      Optional<InstalledPlugin> reloaded =
          install(
              jar != null ? jar : old.path(),
              old.source(),
              old.uploadedBy(),
              old.uploadedAt(),
              generation);
      if (old.disabledReason() != null) {
        reloaded.ifPresent(p -> setDisabled(p.id(), old.disabledReason()));
      }
      return reloaded;
    }
  }

  /**
   * Makes a plugin's builders unavailable with {@code reason}, or available again with {@code
   * null}.
   */
  void setDisabled(String id, String reason) {
    synchronized (loaded) {
      InstalledPlugin plugin = loaded.plugin(id).orElse(null);
      if (plugin != null && !Objects.equals(plugin.disabledReason(), reason)) {
        loaded.put(plugin.withDisabledReason(reason));
      }
    }
  }

  /** Tells whether a build runs on one of this plugin's builders on this node. */
  boolean isBusy(String id) {
    return loaded.plugin(id).map(InstalledPlugin::isBusy).orElse(false);
  }

  @PreDestroy
  void stop() {
    synchronized (loaded) {
      // Not manager.stopPlugins(): pf4j 3.15 changes the list it iterates there. unloadPlugin stops
      // each plugin first; the copy keeps the manager's own list out of the loop.
      List.copyOf(manager.getPlugins())
          .forEach(plugin -> manager.unloadPlugin(plugin.getPluginId()));
    }
  }
}
