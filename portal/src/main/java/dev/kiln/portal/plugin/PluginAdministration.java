package dev.kiln.portal.plugin;

import dev.kiln.portal.audit.AuditAction;
import dev.kiln.portal.audit.AuditEvent;
import dev.kiln.portal.audit.AuditLog;
import dev.kiln.portal.node.NodeProperties;
import dev.kiln.portal.plugin.trial.PluginTrial;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Service;
import org.springframework.util.unit.DataSize;

/**
 * What admins do with plugins at run time, on every node: upload (or replace) a jar, disable,
 * enable, reload and remove a plugin. Each change is written to the database, announced to the
 * other nodes, applied on this node at once, and audited. Remove, reload and replace are refused
 * while a build runs on the plugin's builders on this node; other nodes apply them when their own
 * builds on it have ended.
 */
@Service
public class PluginAdministration {

  private final PluginHost host;
  private final StoredPlugins store;
  private final ClusterPluginSync sync;
  private final PluginTrial trial;
  private final AuditLog audit;
  private final Clock clock;
  private final DataSize maxUploadSize;
  private final String node;

  PluginAdministration(
      PluginHost host,
      StoredPlugins store,
      ClusterPluginSync sync,
      PluginTrial trial,
      AuditLog audit,
      Clock clock,
      PluginProperties properties,
      NodeProperties node) {
    this.host = host;
    this.store = store;
    this.sync = sync;
    this.trial = trial;
    this.audit = audit;
    this.clock = clock;
    this.maxUploadSize = properties.maxUploadSize();
    this.node = node.name();
  }

  /**
   * Checks an uploaded jar (its entries within bounds, its manifest, then a trial of its code in a
   * JVM of its own), stores it for every node and loads it here.
   *
   * @param fileName the name the admin's file had
   * @param file the uploaded bytes
   * @param replacesVersion the installed version the admin agreed to replace, or {@code null}
   * @return what was installed, in words
   * @throws PluginRefusedException with the reason when the jar is refused; nothing is stored then
   */
  @PreAuthorize("hasRole('ADMIN')")
  public String upload(String fileName, Path file, String replacesVersion) throws IOException {
    try {
      PluginJar jar = check(file, replacesVersion);
      boolean replacing = store.row(jar.id()).map(StoredPlugins.Row::hasContent).orElse(false);
      store.saveJar(jar, fileName, file, actor(), clock.instant());
      audit.record(
          AuditEvent.of(
                  replacing ? AuditAction.PLUGIN_REPLACED : AuditAction.PLUGIN_UPLOADED,
                  "plugin",
                  jar.id(),
                  jar.id())
              .detail(
                  "version "
                      + jar.version()
                      + (replacing ? " replaces " + replacesVersion : "")
                      + " from "
                      + fileName
                      + " (sha-256 "
                      + jar.sha256()
                      + ")"));
      announce();
      return host.loaded()
          .plugin(jar.id())
          .map(PluginAdministration::describe)
          .orElse("Stored plugin " + jar.id() + " " + jar.version() + ".");
    } catch (PluginRefusedException e) {
      audit.recordIndependently(
          AuditEvent.of(AuditAction.PLUGIN_UPLOAD_REFUSED, "plugin", null, fileName)
              .detail(e.getMessage()));
      throw e;
    }
  }

  private PluginJar check(Path file, String replacesVersion) throws IOException {
    long size = Files.size(file);
    if (size > maxUploadSize.toBytes()) {
      throw new PluginRefusedException(
          "the jar is "
              + DataSize.ofBytes(size).toMegabytes()
              + " MB, more than the "
              + maxUploadSize.toMegabytes()
              + " MB allowed (kiln.plugins.max-upload-size)");
    }
    PluginJar jar = PluginJar.read(file, PluginHost.API_VERSION);
    var installed = host.loaded().plugin(jar.id());
    if (installed.isPresent() && installed.get().source() == PluginSource.SHIPPED) {
      throw new PluginRefusedException(
          "plugin " + jar.id() + " is shipped with Kiln; it cannot be replaced by an" + " upload");
    }
    if (installed.isPresent() && installed.get().source() == PluginSource.FOLDER) {
      throw new PluginRefusedException(
          "plugin "
              + jar.id()
              + " comes from the plugins folder of this node;"
              + " replace the file there instead");
    }
    var row = store.row(jar.id()).filter(StoredPlugins.Row::hasContent);
    if (row.isPresent() && replacesVersion == null) {
      throw new PluginAlreadyInstalledException(jar.id(), row.get().version());
    }
    if (row.isPresent() && !row.get().version().equals(replacesVersion)) {
      throw new PluginRefusedException(
          "plugin "
              + jar.id()
              + " is now at version "
              + row.get().version()
              + ", not "
              + replacesVersion
              + "; look at the list again before replacing it");
    }
    List<String> builders = trial.builderIds(file, jar.id(), jar.version());
    String clash = host.loaded().clash(jar.id(), builders);
    if (clash != null) {
      throw new PluginRefusedException(clash);
    }
    requireIdle(jar.id(), "replaced");
    return jar;
  }

  /** Makes a plugin's builders unavailable on every node; running builds finish. */
  @PreAuthorize("hasRole('ADMIN')")
  public void disable(String pluginId) {
    InstalledPlugin plugin = installed(pluginId);
    store.setEnabled(pluginId, false, actor(), clock.instant());
    audit.record(event(AuditAction.PLUGIN_DISABLED, plugin));
    announce();
  }

  /** Makes a disabled plugin's builders available again on every node. */
  @PreAuthorize("hasRole('ADMIN')")
  public void enable(String pluginId) {
    InstalledPlugin plugin = installed(pluginId);
    store.setEnabled(pluginId, true, actor(), clock.instant());
    audit.record(event(AuditAction.PLUGIN_ENABLED, plugin));
    announce();
  }

  /** Stops, unloads and loads a plugin's jar again on every node. */
  @PreAuthorize("hasRole('ADMIN')")
  public void reload(String pluginId) {
    InstalledPlugin plugin = installed(pluginId);
    requireIdle(pluginId, "reloaded");
    store.raiseGeneration(pluginId, plugin.generation());
    audit.record(event(AuditAction.PLUGIN_RELOADED, plugin));
    announce();
  }

  /** Removes an uploaded plugin from every node and from the database. */
  @PreAuthorize("hasRole('ADMIN')")
  public void remove(String pluginId) {
    InstalledPlugin plugin = installed(pluginId);
    if (plugin.source() != PluginSource.UPLOADED) {
      throw new PluginRefusedException(
          "plugin "
              + pluginId
              + (plugin.source() == PluginSource.SHIPPED
                  ? " is shipped with Kiln: it can be disabled, not removed"
                  : " comes from the plugins folder: delete its jar there, or disable it here"));
    }
    requireIdle(pluginId, "removed");
    store.delete(pluginId);
    audit.record(event(AuditAction.PLUGIN_REMOVED, plugin));
    announce();
  }

  private InstalledPlugin installed(String pluginId) {
    return host.loaded()
        .plugin(pluginId)
        .orElseThrow(
            () ->
                new PluginRefusedException(
                    "plugin " + pluginId + " is not installed on this node"));
  }

  private void requireIdle(String pluginId, String what) {
    if (host.isBusy(pluginId)) {
      throw new PluginRefusedException(
          "plugin "
              + pluginId
              + " cannot be "
              + what
              + " while a build runs on its"
              + " builders on this node; try again when it has finished");
    }
  }

  private void announce() {
    store.notifyNodes(node);
    sync.reconcile();
  }

  private static AuditEvent event(AuditAction action, InstalledPlugin plugin) {
    return AuditEvent.of(action, "plugin", plugin.id(), plugin.id())
        .detail("version " + plugin.jar().version());
  }

  private static String describe(InstalledPlugin plugin) {
    if (plugin.error() != null) {
      return "Plugin "
          + plugin.id()
          + " "
          + plugin.jar().version()
          + " was stored but failed here: "
          + plugin.error();
    }
    return "Installed "
        + plugin.id()
        + " "
        + plugin.jar().version()
        + " with "
        + String.join(", ", plugin.builders().stream().map(b -> b.descriptor().name()).toList())
        + ".";
  }

  private static String actor() {
    var auth = SecurityContextHolder.getContext().getAuthentication();
    return auth == null ? "system" : auth.getName();
  }
}
