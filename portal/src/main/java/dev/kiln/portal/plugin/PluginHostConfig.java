package dev.kiln.portal.plugin;

import dev.kiln.plugin.api.NodeContext;
import dev.kiln.portal.database.EmbeddedDatabaseCondition;
import java.io.IOException;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;

/** Makes this node's {@link PluginHost} from the settings. */
@Configuration(proxyBeanMethods = false)
class PluginHostConfig {

  /**
   * The host of a node, which tells each builder what it must keep builds away from: the paths in
   * {@link PrivatePaths} and the admin's sandbox settings. The Local builder is on by default only
   * with the embedded database (a single machine).
   */
  @Bean
  PluginHost pluginHost(
      PluginProperties properties,
      LocalSandboxProperties sandbox,
      ConfigurableEnvironment environment,
      ApplicationEventPublisher events)
      throws IOException {
    return new PluginHost(
        BundledPlugins.extractTo(properties.bundledDir()),
        properties.dir(),
        properties.localBuilderEnabled() != null
            ? properties.localBuilderEnabled()
            : EmbeddedDatabaseCondition.isEmbedded(environment),
        events,
        new NodeContext(PrivatePaths.of(environment, sandbox.hide()), sandbox.settings()));
  }
}
