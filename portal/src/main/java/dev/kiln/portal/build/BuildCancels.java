package dev.kiln.portal.build;

import dev.kiln.portal.audit.AuditAction;
import dev.kiln.portal.audit.AuditEvent;
import dev.kiln.portal.audit.AuditLog;
import dev.kiln.portal.build.domain.Build;
import dev.kiln.portal.build.domain.BuildRepository;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Stops a build, audited: a queued one never starts, a running one is asked to stop wherever it
 * runs. Who may is checked by the callers: {@link BuildService#cancel} for users, {@link
 * SystemBuilds#cancel} for schedules.
 */
@Component
@Transactional
class BuildCancels {

  private final BuildRepository builds;
  private final BuildTransitions transitions;
  private final RunningBuilds running;
  private final BuildEvents events;
  private final AuditLog audit;

  BuildCancels(
      BuildRepository builds,
      BuildTransitions transitions,
      RunningBuilds running,
      BuildEvents events,
      AuditLog audit) {
    this.builds = builds;
    this.transitions = transitions;
    this.running = running;
    this.events = events;
    this.audit = audit;
  }

  /**
   * @return a sentence for the user saying what happened
   */
  String cancel(long buildId, String by) {
    if (transitions.cancelQueued(buildId, by)) {
      audited(buildId, "before it started");
      AfterCommit.run(() -> events.publishState(buildId));
      return "Build cancelled before it started.";
    }
    if (transitions.requestCancel(buildId, by)) {
      audited(buildId, "while running");
      AfterCommit.run(() -> running.cancel(buildId, by));
      return "Stopping the build…";
    }
    return builds
        .findById(buildId)
        .filter(b -> b.toInfo().state() == BuildState.RUNNING)
        .map(b -> "Already stopping (asked by " + b.getCancelRequestedBy() + ").")
        .orElse("The build is not running any more.");
  }

  private void audited(long buildId, String when) {
    builds
        .findById(buildId)
        .map(Build::toInfo)
        .ifPresent(
            b ->
                audit.record(
                    AuditEvent.of(
                            AuditAction.BUILD_CANCELLED,
                            "build",
                            buildId,
                            b.projectName() + " #" + b.number())
                        .inProject(b.projectId())
                        .detail(when)));
  }
}
