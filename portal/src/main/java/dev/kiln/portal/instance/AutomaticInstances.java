package dev.kiln.portal.instance;

import dev.kiln.portal.plugin.BuildersChanged;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Component;

/**
 * Keeps an automatic instance for each builder without instance settings, at start-up and when
 * plugins change, so projects can always pick one.
 */
@Component
class AutomaticInstances {

  private static final Logger log = LoggerFactory.getLogger(AutomaticInstances.class);

  private final BuilderInstances instances;

  AutomaticInstances(BuilderInstances instances) {
    this.instances = instances;
  }

  @EventListener({ApplicationReadyEvent.class, BuildersChanged.class})
  @Order(Ordered.HIGHEST_PRECEDENCE)
  void follow() {
    for (int attempt = 1; ; attempt++) {
      try {
        instances.ensureAutomatic();
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
}
