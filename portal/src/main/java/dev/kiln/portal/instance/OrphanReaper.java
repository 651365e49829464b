package dev.kiln.portal.instance;

import dev.kiln.plugin.api.BuilderSettings;
import dev.kiln.portal.build.SystemBuilds;
import dev.kiln.portal.instance.domain.BuilderInstance;
import dev.kiln.portal.plugin.BuilderEntry;
import dev.kiln.portal.plugin.PluginCalls;
import dev.kiln.portal.plugin.PluginHost;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Asks each instance's builder to remove what builds that no longer live left behind on it
 * (workspaces, containers), bounded in time; what it removed is logged.
 */
@Component
class OrphanReaper {

  private static final Logger log = LoggerFactory.getLogger(OrphanReaper.class);

  private final PluginHost plugins;
  private final InstanceSettingsOpener opener;
  private final SystemBuilds builds;
  private final Duration limit;

  OrphanReaper(
      PluginHost plugins,
      InstanceSettingsOpener opener,
      SystemBuilds builds,
      @Value("${kiln.instances.check-limit:60s}") Duration limit) {
    this.plugins = plugins;
    this.opener = opener;
    this.builds = builds;
    this.limit = limit;
  }

  void reap(BuilderInstance instance) {
    BuilderEntry builder = plugins.builder(instance.getBuilderId()).orElse(null);
    if (builder == null || !builder.isAvailable()) {
      return;
    }
    try {
      BuilderSettings settings = opener.settingsOf(builder, instance);
      PluginCalls.Answer<List<String>> answer =
          PluginCalls.call(
              "The clean-up of instance " + instance.getName(),
              limit,
              () -> builder.builder().reapOrphans(settings, builds::isLive));
      if (!answer.answered()) {
        log.warn("Instance {}: {}", instance.getName(), answer.problem());
        return;
      }
      for (String removed : answer.value() == null ? List.<String>of() : answer.value()) {
        log.info("Instance {}: removed what a dead build left: {}", instance.getName(), removed);
      }
    } catch (RuntimeException e) {
      log.warn(
          "Instance {}: removing what dead builds left failed: {}",
          instance.getName(),
          e.toString());
    }
  }
}
