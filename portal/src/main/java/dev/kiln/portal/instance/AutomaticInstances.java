package dev.kiln.portal.instance;

import dev.kiln.portal.instance.domain.BuilderInstance;
import dev.kiln.portal.instance.domain.BuilderInstanceRepository;
import dev.kiln.portal.plugin.BuilderEntry;
import dev.kiln.portal.plugin.BuildersChanged;
import dev.kiln.portal.plugin.PluginHost;
import dev.kiln.portal.plugin.SettingsCodec;
import java.time.Clock;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps an automatic instance for each builder without instance settings, at start-up and when
 * plugins change, so projects can always pick one.
 */
@Component
class AutomaticInstances {

  private static final Logger log = LoggerFactory.getLogger(AutomaticInstances.class);

  private final BuilderInstanceRepository instances;
  private final PluginHost plugins;
  private final SettingsCodec codec;
  private final InstanceUsers users;
  private final TransactionTemplate transaction;
  private final Clock clock;

  AutomaticInstances(
      BuilderInstanceRepository instances,
      PluginHost plugins,
      SettingsCodec codec,
      InstanceUsers users,
      TransactionTemplate transaction,
      Clock clock) {
    this.instances = instances;
    this.plugins = plugins;
    this.codec = codec;
    this.users = users;
    this.transaction = transaction;
    this.clock = clock;
  }

  @EventListener({ApplicationReadyEvent.class, BuildersChanged.class})
  @Order(Ordered.HIGHEST_PRECEDENCE)
  void follow() {
    for (int attempt = 1; ; attempt++) {
      try {
        transaction.executeWithoutResult(status -> ensureAutomatic());
        return;
      } catch (DataIntegrityViolationException e) {
        // Another node made the same automatic instance at the same moment: look again.
        if (attempt == 3) {
          log.warn("Could not make the automatic builder instances: {}", e.getMessage());
          return;
        }
      } catch (RuntimeException e) {
        // Called while plugins change: a failure here must not undo the admin's change.
        log.warn("Could not make the automatic builder instances: {}", e.toString());
        return;
      }
    }
  }

  /**
   * Makes sure each loaded builder without instance settings has its automatic instance, and
   * attaches projects that have none yet (made before instances existed) to it.
   */
  private void ensureAutomatic() {
    for (BuilderEntry builder : plugins.builders()) {
      if (!BuilderInstances.instanceFields(builder).isEmpty()
          || instances.findAutomatic(builder.id()).isPresent()) {
        continue;
      }
      BuilderInstance instance = new BuilderInstance(builder.id(), true, clock.instant());
      instance.configure(
          freeName(builder.descriptor().name()), codec.write(Map.of()), clock.instant());
      instances.saveAndFlush(instance);
    }
    for (BuilderInstance automatic : instances.findAllByName()) {
      if (automatic.isAutomatic()) {
        users.attachUnassigned(automatic.getBuilderId(), automatic.getId());
      }
    }
  }

  private String freeName(String wanted) {
    String name = wanted;
    for (int n = 2; instances.findByName(name).isPresent(); n++) {
      name = wanted + " " + n;
    }
    return name;
  }
}
