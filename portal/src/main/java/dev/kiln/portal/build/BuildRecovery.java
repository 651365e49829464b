package dev.kiln.portal.build;

import dev.kiln.portal.node.NodeProperties;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * When a node starts, builds it was running before it stopped cannot be running any more: they end
 * as ERROR "node restarted" instead of staying RUNNING forever. Only builds started before this
 * process did are touched, so builds the node picks up right after start are safe.
 */
@Component
class BuildRecovery {

  private static final Logger log = LoggerFactory.getLogger(BuildRecovery.class);

  private final BuildService builds;
  private final WorkFolders workFolders;
  private final String node;
  private final Instant started;

  BuildRecovery(BuildService builds, WorkFolders workFolders, NodeProperties node, Clock clock) {
    this.builds = builds;
    this.workFolders = workFolders;
    this.node = node.name();
    this.started = clock.instant();
  }

  @EventListener(ApplicationReadyEvent.class)
  void failInterruptedBuilds() {
    int failed = builds.failRunningOn(node,
        "The node restarted: node " + node + " stopped while this build was running. Run it again.", started);
    if (failed > 0) {
      log.warn("{} build(s) were running when node {} stopped; they are marked as errors", failed, node);
    }
    workFolders.removeLeftovers(started);
  }
}
