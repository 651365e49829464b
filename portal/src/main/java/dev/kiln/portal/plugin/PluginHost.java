package dev.kiln.portal.plugin;

import dev.kiln.plugin.api.Builder;
import dev.kiln.plugin.api.BuilderDescriptor;
import dev.kiln.portal.database.EmbeddedDatabaseCondition;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.pf4j.DefaultPluginManager;
import org.pf4j.PluginState;
import org.pf4j.PluginWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Service;

/**
 * Loads builder plugins with pf4j and answers which builders exist. A jar that fails to load is
 * recorded with its reason and every other plugin keeps working.
 */
@Service
public class PluginHost {

  /** The plugin API version this Kiln offers (from the build); plugins state the range they accept. */
  public static final String API_VERSION = BuildInfoResource.pluginApiVersion();

  static final String LOCAL_BUILDER_OFF =
      "The local builder runs scripts on the Kiln host itself, so it is off when Kiln uses an external"
          + " database. An admin can turn it on with KILN_LOCAL_BUILDER_ENABLED=true.";

  private static final Logger log = LoggerFactory.getLogger(PluginHost.class);

  private final DefaultPluginManager manager;
  private final boolean localBuilderEnabled;
  private final List<PluginFailure> failures = new ArrayList<>();
  private final Map<String, BuilderEntry> builders = new LinkedHashMap<>();
  private final Set<String> shipped = new HashSet<>();
  private final Path pluginDir;

  @Autowired
  public PluginHost(PluginProperties properties, Environment environment) throws IOException {
    this(
        BundledPlugins.extractTo(properties.bundledDir()),
        properties.dir(),
        properties.localBuilderEnabled() != null
            ? properties.localBuilderEnabled()
            : EmbeddedDatabaseCondition.isEmbedded(environment));
  }

  PluginHost(List<Path> bundled, Path pluginDir, boolean localBuilderEnabled) throws IOException {
    this.localBuilderEnabled = localBuilderEnabled;
    this.pluginDir = pluginDir;
    Files.createDirectories(pluginDir);
    this.manager = new DefaultPluginManager(List.of(pluginDir));
    manager.setSystemVersion(API_VERSION);
    bundled.forEach(jar -> load(jar, true));
    try (Stream<Path> added = Files.list(pluginDir)) {
      added.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().forEach(jar -> load(jar, false));
    }
    manager.startPlugins();
    manager.getPlugins().forEach(this::register);
    log.info("Builders: {}; plugin failures: {}", builders.keySet(), failures.size());
  }

  /** Every loaded builder, available or not, in name order. */
  public List<BuilderEntry> builders() {
    return builders.values().stream().sorted(Comparator.comparing(b -> b.descriptor().name())).toList();
  }

  /** The builder with this id, if one is loaded. */
  public Optional<BuilderEntry> builder(String id) {
    return Optional.ofNullable(builders.get(id));
  }

  /** Plugin jars that could not be loaded, with the reason. */
  public List<PluginFailure> failures() {
    return List.copyOf(failures);
  }

  /** Every loaded plugin, shipped ones first, then by id. */
  List<PluginInfo> plugins() {
    return manager.getPlugins().stream()
        .map(plugin -> new PluginInfo(plugin.getPluginId(), plugin.getDescriptor().getVersion(),
            state(plugin.getPluginState()), plugin.getDescriptor().getProvider(), plugin.getDescriptor().getRequires(),
            shipped.contains(plugin.getPluginId()),
            builders().stream().filter(b -> b.pluginId().equals(plugin.getPluginId())).toList()))
        .sorted(Comparator.comparing((PluginInfo p) -> !p.shipped()).thenComparing(PluginInfo::id))
        .toList();
  }

  /** The folder admins add plugin jars to. */
  Path folder() {
    return pluginDir;
  }

  private static String state(PluginState state) {
    if (state == PluginState.STARTED) {
      return "started";
    }
    return state == PluginState.FAILED ? "failed" : "stopped";
  }

  private void load(Path jar, boolean isShipped) {
    try {
      String id = manager.loadPlugin(jar);
      if (id == null) {
        fail(jar.getFileName().toString(), "not a Kiln plugin: pf4j found no plugin in it");
      } else if (isShipped) {
        shipped.add(id);
      }
    } catch (RuntimeException e) {
      String reason = reason(e);
      // pf4j says "No PluginDescriptorFinder for plugin '<path>'" when it finds no plugin manifest.
      fail(jar.getFileName().toString(), reason.startsWith("No PluginDescriptorFinder")
          ? "not a Kiln plugin: it is not a jar, or its manifest has no Plugin-Id (see docs/plugin-guide.md)"
          : reason);
    }
  }

  private void fail(String source, String reason) {
    failures.add(new PluginFailure(source, reason));
    log.warn("Plugin {} is not usable: {}", source, reason);
  }

  private void register(PluginWrapper plugin) {
    String source = plugin.getPluginPath().getFileName().toString();
    String requires = plugin.getDescriptor().getRequires();
    if (!manager.getVersionManager().checkVersionConstraint(API_VERSION, requires)) {
      fail(source, "plugin " + plugin.getPluginId() + " needs Kiln plugin API " + requires
          + ", but this Kiln offers " + API_VERSION);
      return;
    }
    if (plugin.getPluginState() != PluginState.STARTED) {
      Throwable cause = plugin.getFailedException();
      fail(source, "plugin " + plugin.getPluginId() + " did not start: "
          + (cause != null ? reason(cause) : plugin.getPluginState().toString()));
      return;
    }
    List<Builder> extensions;
    try {
      extensions = manager.getExtensions(Builder.class, plugin.getPluginId());
    } catch (RuntimeException | LinkageError e) {
      fail(source, "its builders could not be created: " + reason(e));
      return;
    }
    if (extensions.isEmpty()) {
      fail(source, "plugin " + plugin.getPluginId()
          + " has no Builder extension (does it bundle kiln-plugin-api? It must be a provided dependency)");
    }
    for (Builder builder : extensions) {
      try {
        BuilderDescriptor descriptor = builder.describe();
        if (builders.containsKey(descriptor.id())) {
          fail(source, "builder id '" + descriptor.id() + "' is already provided by "
              + builders.get(descriptor.id()).pluginId());
          continue;
        }
        String unavailable = descriptor.unavailableReason();
        if (unavailable == null && "local".equals(descriptor.id()) && !localBuilderEnabled) {
          unavailable = LOCAL_BUILDER_OFF;
        }
        builders.put(descriptor.id(), new BuilderEntry(plugin.getPluginId(),
            plugin.getDescriptor().getVersion(), descriptor, unavailable, builder));
      } catch (RuntimeException | LinkageError e) {
        fail(source, builder.getClass().getName() + " failed to describe itself: " + reason(e));
      }
    }
  }

  private static String reason(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
    return root == e ? message : e.getMessage() + " (" + message + ")";
  }

  @PreDestroy
  void stop() {
    // Not manager.stopPlugins(): pf4j 3.15 changes the list it iterates there. unloadPlugin stops
    // each plugin first; the copy keeps the manager's own list out of the loop.
    List.copyOf(manager.getPlugins()).forEach(plugin -> manager.unloadPlugin(plugin.getPluginId()));
  }
}
