package dev.kiln.portal.plugin;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;

/**
 * The set of plugins {@link PluginHost} loaded on this node, with the jars it could not read, and
 * the builders they provide. Each change rebuilds the builders and publishes {@link
 * BuildersChanged}. Its monitor is also the host's: a load, unload or reload is one step to anyone
 * reading the set.
 */
final class LoadedPlugins {

  private static final Logger log = LoggerFactory.getLogger(LoadedPlugins.class);

  private final ApplicationEventPublisher events;
  private final Map<String, InstalledPlugin> plugins = new LinkedHashMap<>();
  private final Map<String, PluginFailure> unreadable = new LinkedHashMap<>();
  private volatile Map<String, BuilderEntry> builders = Map.of();

  LoadedPlugins(ApplicationEventPublisher events) {
    this.events = events;
  }

  /** Every loaded builder, available or not, in name order. */
  List<BuilderEntry> builders() {
    return builders.values().stream()
        .sorted(Comparator.comparing(b -> b.descriptor().name()))
        .toList();
  }

  Optional<BuilderEntry> builder(String id) {
    return Optional.ofNullable(builders.get(id));
  }

  /** Every jar that could not be used, with the reason: unreadable jars and failed plugins. */
  synchronized List<PluginFailure> failures() {
    List<PluginFailure> all = new ArrayList<>(unreadable.values());
    plugins.values().stream()
        .filter(p -> p.error() != null)
        .forEach(p -> all.add(new PluginFailure(p.path().getFileName().toString(), p.error())));
    return all;
  }

  synchronized List<PluginFailure> unreadable() {
    return List.copyOf(unreadable.values());
  }

  /** Every plugin, started or failed, shipped ones first, then by id. */
  synchronized List<InstalledPlugin> plugins() {
    return plugins.values().stream()
        .sorted(
            Comparator.comparing((InstalledPlugin p) -> p.source())
                .thenComparing(InstalledPlugin::id))
        .toList();
  }

  synchronized Optional<InstalledPlugin> plugin(String id) {
    return Optional.ofNullable(plugins.get(id));
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

  /** Records a jar that failed before Kiln could tell which plugin it holds. */
  synchronized void unreadable(String file, String reason) {
    unreadable.put(file, new PluginFailure(file, reason));
    log.warn("Plugin jar {} is not usable: {}", file, reason);
  }

  /** Forgets an earlier failure of the jar, which is tried again. */
  synchronized void retrying(String file) {
    unreadable.remove(file);
  }

  /** Adds or replaces a plugin. */
  synchronized void put(InstalledPlugin plugin) {
    plugins.put(plugin.id(), plugin);
    changed();
  }

  synchronized void remove(String id) {
    plugins.remove(id);
    changed();
  }

  /** Rebuilds the builder map from the plugins and tells the application. */
  private void changed() {
    Map<String, BuilderEntry> next = new LinkedHashMap<>();
    for (InstalledPlugin plugin : plugins.values()) {
      for (BuilderEntry entry : plugin.builders()) {
        next.put(entry.id(), BuilderEntries.of(plugin, entry));
      }
    }
    builders = Map.copyOf(next);
    events.publishEvent(new BuildersChanged());
  }
}
