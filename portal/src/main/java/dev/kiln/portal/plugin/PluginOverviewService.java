package dev.kiln.portal.plugin;

import java.util.Comparator;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;

/** Tells admins which plugins this node has, in which state, and which jars could not be read. */
@Service
public class PluginOverviewService {

  private final PluginHost host;

  PluginOverviewService(PluginHost host) {
    this.host = host;
  }

  /** The plugins, the unreadable jars, and where plugins come from. */
  @PreAuthorize("hasRole('ADMIN')")
  public PluginOverview overview() {
    return new PluginOverview(
        PluginHost.API_VERSION,
        host.folder(),
        host.loaded().plugins().stream()
            .map(
                p ->
                    new PluginInfo(
                        p.id(),
                        p.jar().version(),
                        p.state(),
                        p.jar().provider(),
                        p.jar().requires(),
                        p.source(),
                        origin(p),
                        p.builders().stream()
                            .map(
                                b ->
                                    host.builder(b.id())
                                        .filter(e -> e.pluginId().equals(p.id()))
                                        .orElse(b))
                            .sorted(Comparator.comparing(b -> b.descriptor().name()))
                            .toList(),
                        p.error(),
                        p.disabledReason()))
            .toList(),
        host.loaded().unreadable());
  }

  private static String origin(InstalledPlugin plugin) {
    return switch (plugin.source()) {
      case SHIPPED -> "Shipped with Kiln";
      case FOLDER -> "Plugins folder";
      case UPLOADED ->
          "Uploaded by "
              + plugin.uploadedBy()
              + (plugin.uploadedAt() == null
                  ? ""
                  : " on " + ClusterPluginSync.when(plugin.uploadedAt()));
    };
  }
}
