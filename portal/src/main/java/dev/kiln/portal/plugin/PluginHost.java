package dev.kiln.portal.plugin;

import dev.kiln.plugin.api.NodeContext;
import dev.kiln.portal.database.EmbeddedDatabaseCondition;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.pf4j.DefaultPluginManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.stereotype.Service;

/**
 * Holds this node's builder plugins in one pf4j manager and answers which builders exist. Plugins
 * are loaded, unloaded, reloaded, disabled and enabled at run time; each change publishes {@link
 * BuildersChanged}. A jar that fails is recorded with its reason and every other plugin keeps
 * working. Class loading is explained in {@link PluginClassLoading}.
 */
@Service
public final class PluginHost {

  /**
   * The plugin API version this Kiln offers (from the build); plugins state the range they accept.
   */
  public static final String API_VERSION = BuildInfoResource.pluginApiVersion();

  static final String LOCAL_BUILDER_OFF =
      "The local builder runs scripts on the Kiln host itself, so it is off when Kiln uses an external"
          + " database. An admin can turn it on with KILN_LOCAL_BUILDER_ENABLED=true.";

  private static final Logger log = LoggerFactory.getLogger(PluginHost.class);

  private final DefaultPluginManager manager;
  private final boolean localBuilderEnabled;
  private final NodeContext node;
  private final Path pluginDir;
  private final ApplicationEventPublisher events;
  private final Map<String, InstalledPlugin> plugins = new LinkedHashMap<>();
  private final Map<String, PluginFailure> unreadable = new LinkedHashMap<>();
  private volatile Map<String, BuilderEntry> builders = Map.of();
  private volatile Runnable idle = () -> {};

  /**
   * The host of a node, which tells each builder what it must keep builds away from: the paths in
   * {@link PrivatePaths} and the admin's sandbox settings.
   */
  @Autowired
  public PluginHost(
      PluginProperties properties,
      LocalSandboxProperties sandbox,
      ConfigurableEnvironment environment,
      ApplicationEventPublisher events)
      throws IOException {
    this(
        BundledPlugins.extractTo(properties.bundledDir()),
        properties.dir(),
        properties.localBuilderEnabled() != null
            ? properties.localBuilderEnabled()
            : EmbeddedDatabaseCondition.isEmbedded(environment),
        events,
        new NodeContext(PrivatePaths.of(environment, sandbox.hide()), sandbox.settings()));
  }

  PluginHost(List<Path> bundled, Path pluginDir, boolean localBuilderEnabled) throws IOException {
    this(bundled, pluginDir, localBuilderEnabled, event -> {});
  }

  PluginHost(
      List<Path> bundled,
      Path pluginDir,
      boolean localBuilderEnabled,
      ApplicationEventPublisher events)
      throws IOException {
    this(bundled, pluginDir, localBuilderEnabled, events, NodeContext.unknown());
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
    this.events = events;
    Files.createDirectories(pluginDir);
    this.manager = PluginClassLoading.manager(pluginDir, API_VERSION);
    bundled.forEach(jar -> install(jar, PluginSource.SHIPPED, null, null, 0));
    try (Stream<Path> added = Files.list(pluginDir)) {
      added
          .filter(p -> p.getFileName().toString().endsWith(".jar"))
          .sorted()
          .forEach(jar -> install(jar, PluginSource.FOLDER, null, null, 0));
    }
    log.info("Builders: {}; plugin failures: {}", builders.keySet(), failures().size());
  }

  /** Every loaded builder, available or not, in name order. */
  public List<BuilderEntry> builders() {
    return builders.values().stream()
        .sorted(Comparator.comparing(b -> b.descriptor().name()))
        .toList();
  }

  /**
   * The builder with this id, if one is loaded; unavailable, with the reason, when its plugin is
   * disabled.
   */
  public Optional<BuilderEntry> builder(String id) {
    return Optional.ofNullable(builders.get(id));
  }

  /** Every jar that could not be used, with the reason: unreadable jars and failed plugins. */
  public synchronized List<PluginFailure> failures() {
    List<PluginFailure> all = new ArrayList<>(unreadable.values());
    plugins.values().stream()
        .filter(p -> p.error() != null)
        .forEach(p -> all.add(new PluginFailure(p.path().getFileName().toString(), p.error())));
    return all;
  }

  /** Jars that failed before Kiln could tell which plugin they hold. */
  synchronized List<PluginFailure> unreadable() {
    return List.copyOf(unreadable.values());
  }

  /** Every plugin on this node, started or failed, shipped ones first, then by id. */
  synchronized List<InstalledPlugin> plugins() {
    return plugins.values().stream()
        .sorted(
            Comparator.comparing((InstalledPlugin p) -> p.source())
                .thenComparing(InstalledPlugin::id))
        .toList();
  }

  /** The plugin with this id on this node. */
  synchronized Optional<InstalledPlugin> plugin(String id) {
    return Optional.ofNullable(plugins.get(id));
  }

  /** The folder operators add plugin jars to. */
  Path folder() {
    return pluginDir;
  }

  /** Called on a build's thread each time a plugin's last running build on this node ends. */
  void onIdle(Runnable idle) {
    this.idle = idle;
  }

  /**
   * Loads and starts a jar; a failure is recorded (with the plugin, when the jar names one) rather
   * than thrown, so the other plugins keep working.
   *
   * @return the plugin, started or failed; empty when the jar could not even be read
   */
  synchronized Optional<InstalledPlugin> install(
      Path jar, PluginSource source, String uploadedBy, Instant uploadedAt, long generation) {
    String file = jar.getFileName().toString();
    unreadable.remove(file);
    PluginJar facts;
    try {
      facts = PluginJar.read(jar, API_VERSION);
    } catch (PluginRefusedException | IOException e) {
      fail(file, e.getMessage());
      return Optional.empty();
    }
    if (plugins.containsKey(facts.id())) {
      fail(
          file,
          "a plugin with id "
              + facts.id()
              + " is already loaded from "
              + plugins.get(facts.id()).path().getFileName());
      return Optional.empty();
    }
    var running = new AtomicInteger();
    List<BuilderEntry> entries = new ArrayList<>();
    String error = null;
    try {
      for (var described : PluginStarter.start(manager, jar, facts.id(), node)) {
        entries.add(entry(facts, described, running));
      }
      error = clash(facts.id(), entries.stream().map(BuilderEntry::id).toList());
      if (error != null) {
        manager.unloadPlugin(facts.id());
        entries.clear();
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
            List.copyOf(entries),
            error,
            null,
            running);
    plugins.put(facts.id(), plugin);
    changed();
    return Optional.of(plugin);
  }

  /**
   * Stops and unloads a plugin; its builders disappear.
   *
   * @throws PluginRefusedException while a build runs on one of its builders on this node
   */
  synchronized void unload(String id) {
    InstalledPlugin plugin = plugins.get(id);
    if (plugin == null) {
      return;
    }
    requireIdle(plugin);
    if (plugin.error() == null) {
      manager.unloadPlugin(id);
    }
    plugins.remove(id);
    changed();
  }

  /**
   * Unloads a plugin and loads its jar again (the same file, or {@code jar} when given).
   *
   * @throws PluginRefusedException while a build runs on one of its builders on this node
   */
  synchronized Optional<InstalledPlugin> reload(String id, Path jar, long generation) {
    InstalledPlugin old = plugins.get(id);
    if (old == null) {
      throw new PluginRefusedException("plugin " + id + " is not installed on this node");
    }
    unload(id);
    Optional<InstalledPlugin> loaded =
        install(
            jar != null ? jar : old.path(),
            old.source(),
            old.uploadedBy(),
            old.uploadedAt(),
            generation);
    if (old.disabledReason() != null) {
      loaded.ifPresent(p -> setDisabled(p.id(), old.disabledReason()));
    }
    return loaded;
  }

  /**
   * Makes a plugin's builders unavailable with {@code reason}, or available again with {@code
   * null}.
   */
  synchronized void setDisabled(String id, String reason) {
    InstalledPlugin plugin = plugins.get(id);
    if (plugin != null && !Objects.equals(plugin.disabledReason(), reason)) {
      plugins.put(id, plugin.withDisabledReason(reason));
      changed();
    }
  }

  /** Tells whether a build runs on one of this plugin's builders on this node. */
  boolean isBusy(String id) {
    InstalledPlugin plugin;
    synchronized (this) {
      plugin = plugins.get(id);
    }
    return plugin != null && plugin.running().get() > 0;
  }

  private void requireIdle(InstalledPlugin plugin) {
    int running = plugin.running().get();
    if (running > 0) {
      throw new PluginRefusedException(
          "plugin "
              + plugin.id()
              + " is in use: "
              + running
              + " build(s) run on its"
              + " builders on this node; try again when they have finished");
    }
  }

  /**
   * The reason a new plugin's builders cannot be used because another plugin has their ids, or
   * {@code null}.
   */
  synchronized String clash(String pluginId, List<String> builderIds) {
    for (String builderId : builderIds) {
      BuilderEntry other = builders.get(builderId);
      if (other != null && !other.pluginId().equals(pluginId)) {
        return "builder id '" + builderId + "' is already provided by plugin " + other.pluginId();
      }
    }
    return null;
  }

  private BuilderEntry entry(
      PluginJar facts, PluginStarter.Described described, AtomicInteger running) {
    String unavailable = described.descriptor().unavailableReason();
    if (unavailable == null
        && "local".equals(described.descriptor().id())
        && !localBuilderEnabled) {
      unavailable = LOCAL_BUILDER_OFF;
    }
    return new BuilderEntry(
        facts.id(),
        facts.version(),
        described.descriptor(),
        unavailable,
        new CountingBuilder(described.builder(), running, () -> idle.run()));
  }

  private void fail(String file, String reason) {
    unreadable.put(file, new PluginFailure(file, reason));
    log.warn("Plugin jar {} is not usable: {}", file, reason);
  }

  /** Rebuilds the builder map from the plugins and tells the application. */
  private void changed() {
    Map<String, BuilderEntry> next = new LinkedHashMap<>();
    for (InstalledPlugin plugin : plugins.values()) {
      for (BuilderEntry entry : plugin.builders()) {
        next.put(
            entry.id(),
            plugin.disabledReason() == null
                ? entry
                : new BuilderEntry(
                    entry.pluginId(),
                    entry.pluginVersion(),
                    entry.descriptor(),
                    plugin.disabledReason(),
                    entry.builder()));
      }
    }
    builders = Map.copyOf(next);
    events.publishEvent(new BuildersChanged());
  }

  @PreDestroy
  synchronized void stop() {
    // Not manager.stopPlugins(): pf4j 3.15 changes the list it iterates there. unloadPlugin stops
    // each plugin first; the copy keeps the manager's own list out of the loop.
    List.copyOf(manager.getPlugins()).forEach(plugin -> manager.unloadPlugin(plugin.getPluginId()));
  }
}
