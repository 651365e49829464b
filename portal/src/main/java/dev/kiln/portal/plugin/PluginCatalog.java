package dev.kiln.portal.plugin;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;

/**
 * Tells admins which plugins are loaded and which jars failed. Read-only: plugins change only when
 * Kiln restarts with a different plugins folder.
 */
@Service
public class PluginCatalog {

  private final PluginHost host;

  PluginCatalog(PluginHost host) {
    this.host = host;
  }

  /** The loaded plugins, the failed jars, and where plugins come from. */
  @PreAuthorize("hasRole('ADMIN')")
  public PluginOverview overview() {
    return new PluginOverview(PluginHost.API_VERSION, host.folder(), host.plugins(), host.failures());
  }
}
