package dev.kiln.portal.build;

import dev.kiln.portal.build.domain.Build;
import dev.kiln.portal.build.domain.BuildRepository;
import dev.kiln.portal.node.NodeProperties;
import dev.kiln.portal.node.NodeRegistry;
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
 * be running any more: they are lost, and run again if their project allows. Quartz does the same
 * for builds of nodes that die for good: it fires their jobs again on another node ({@link
 * #recover}). Only builds started before this process did are touched, so builds the node picks up
 * right after start are safe. Now and then, builds waiting for their instance's limit are offered
 * again, in case the node that should have released them died first.
 */
@Component
class BuildRecovery {

  private static final Logger log = LoggerFactory.getLogger(BuildRecovery.class);

  private final BuildRepository builds;
  private final BuildTransitions transitions;
  private final BuildExecutor executor;
  private final BuildClaims claims;
  private final RunningBuilds running;
  private final BuildEvents events;
  private final NodeRegistry registry;
  private final NodeProperties node;
  private final Instant started;

  BuildRecovery(
      BuildRepository builds,
      BuildTransitions transitions,
      BuildExecutor executor,
      BuildClaims claims,
      RunningBuilds running,
      BuildEvents events,
      NodeRegistry registry,
      NodeProperties node,
      Clock clock) {
    this.builds = builds;
    this.transitions = transitions;
    this.executor = executor;
    this.claims = claims;
    this.running = running;
    this.events = events;
    this.registry = registry;
    this.node = node;
    this.started = clock.instant();
  }

  @EventListener(ApplicationReadyEvent.class)
  void recoverInterruptedBuilds() {
    var interrupted = builds.findRunningOn(node.name(), started);
    for (Build build : interrupted) {
      lost(build.toInfo(), restarted(node.name()));
    }
    if (!interrupted.isEmpty()) {
      log.warn(
          "{} build(s) were running when node {} stopped; they are marked as lost",
          interrupted.size(),
          node.name());
    }
  }

  /**
   * Takes over a build whose node died: Quartz fires its job again here. A build that had not
   * started runs now; one that was running is lost, and runs again as a new attempt if its project
   * allows.
   */
  void recover(long buildId) {
    BuildInfo build = builds.findById(buildId).map(Build::toInfo).orElse(null);
    if (build == null) {
      return;
    }
    if (build.state() == BuildState.QUEUED) {
      executor.execute(buildId);
    } else if (build.state() == BuildState.RUNNING
        && !running.isRunning(buildId)
        && !stillAlive(build.node())) {
      lost(
          build,
          node.name().equals(build.node())
              ? restarted(node.name())
              : "Lost: node "
                  + build.node()
                  + " stopped answering while it ran this build (noticed by node "
                  + node.name()
                  + ").");
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

  /**
   * Quartz takes a node for dead when it misses its check-ins, which a database outage also causes;
   * the build is taken over only when its node has stopped checking in to Kiln too.
   */
  private boolean stillAlive(String other) {
    if (node.name().equals(other)) {
      return false; // this node restarted: the build cannot run here any more
    }
    try {
      if (registry.checksIn(other, NodeRegistry.CHECK_IN.multipliedBy(3))) {
        log.info(
            "Quartz took node {} for dead, but it still checks in: its builds stay with it", other);
        return true;
      }
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return true;
    }
  }

  /** Why a build was lost when its node restarted. */
  private static String restarted(String node) {
    return "Lost: node " + node + " restarted while it ran this build.";
  }

  /** Marks a build lost with its node, and queues its next attempt when the project allows one. */
  private void lost(BuildInfo build, String reason) {
    var retry = transitions.lose(build.id(), build.node(), reason);
    log.warn(
        "Build {} ({} #{}) was lost with node {}{}",
        build.id(),
        build.projectName(),
        build.number(),
        build.node(),
        retry.map(id -> "; it runs again as build " + id).orElse(""));
    events.publishState(build.id());
  }
}
