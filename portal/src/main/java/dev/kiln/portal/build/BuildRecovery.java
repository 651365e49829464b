package dev.kiln.portal.build;

import dev.kiln.portal.build.domain.Build;
import dev.kiln.portal.build.domain.BuildRepository;
import dev.kiln.portal.node.NodeProperties;
import dev.kiln.portal.node.NodeRole;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Builds a node leaves behind. When a node starts, builds it was running before it stopped cannot
 * be running any more: they are lost, and run again if their project allows (Quartz does the same
 * for builds of nodes that die for good, see {@link BuildExecutor#recover}). Only builds started
 * before this process did are touched, so builds the node picks up right after start are safe. Now
 * and then, builds waiting for their instance's limit are offered again, in case the node that
 * should have released them died first.
 */
@Component
class BuildRecovery {

  private static final Logger log = LoggerFactory.getLogger(BuildRecovery.class);

  private final BuildRepository builds;
  private final BuildExecutor executor;
  private final BuildClaims claims;
  private final NodeProperties node;
  private final Instant started;

  BuildRecovery(
      BuildRepository builds,
      BuildExecutor executor,
      BuildClaims claims,
      NodeProperties node,
      Clock clock) {
    this.builds = builds;
    this.executor = executor;
    this.claims = claims;
    this.node = node;
    this.started = clock.instant();
  }

  @EventListener(ApplicationReadyEvent.class)
  void recoverInterruptedBuilds() {
    var interrupted = builds.findRunningOn(node.name(), started);
    for (Build build : interrupted) {
      executor.lost(build.toInfo(), BuildExecutor.restarted(node.name()));
    }
    if (!interrupted.isEmpty()) {
      log.warn(
          "{} build(s) were running when node {} stopped; they are marked as lost",
          interrupted.size(),
          node.name());
    }
  }

  @Scheduled(initialDelay = 15_000, fixedDelay = 15_000)
  void offerWaitingBuilds() {
    if (!node.has(NodeRole.RUNNER)) {
      return;
    }
    try {
      claims.instancesWithWaiting().forEach(claims::releaseWaiting);
    } catch (RuntimeException e) {
      log.debug("Could not offer waiting builds again: {}", e.getMessage());
    }
  }
}
