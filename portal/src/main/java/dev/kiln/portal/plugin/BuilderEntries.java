package dev.kiln.portal.plugin;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Makes the {@link BuilderEntry} Kiln hands out for each builder a plugin provides: counted while
 * builds run on it ({@link CountingBuilder}), and unavailable, with the reason, when the Local
 * builder is off on this node or an admin disabled its plugin.
 */
final class BuilderEntries {

  static final String LOCAL_BUILDER_OFF =
      "The local builder runs scripts on the Kiln host itself, so it is off when Kiln uses an external"
          + " database. An admin can turn it on with KILN_LOCAL_BUILDER_ENABLED=true.";

  private BuilderEntries() {}

  /**
   * @param running the plugin's count of builds running on this node
   * @param idle called each time the plugin's last running build ends
   */
  static BuilderEntry started(
      PluginJar facts,
      PluginStarter.Described described,
      AtomicInteger running,
      boolean localBuilderEnabled,
      Runnable idle) {
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
        new CountingBuilder(described.builder(), running, idle));
  }

  /** The entry as its plugin's state shows it: unavailable while an admin disabled the plugin. */
  static BuilderEntry of(InstalledPlugin plugin, BuilderEntry entry) {
    return plugin.disabledReason() == null
        ? entry
        : new BuilderEntry(
            entry.pluginId(),
            entry.pluginVersion(),
            entry.descriptor(),
            plugin.disabledReason(),
            entry.builder());
  }
}
