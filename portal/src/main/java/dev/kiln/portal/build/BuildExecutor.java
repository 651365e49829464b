package dev.kiln.portal.build;

import dev.kiln.portal.build.domain.Build;
import dev.kiln.portal.build.domain.BuildRepository;
import dev.kiln.portal.node.NodeProperties;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Runs one build on this node, from its claim to its final state: claims it ({@link BuildClaims}),
 * opens its log and cancellation, has its builder run it ({@link BuilderCall}), records its end
 * ({@link BuildTransitions#finish}, through a database outage), then starts a build waiting for its
 * instance and removes its folder.
 */
@Component
class BuildExecutor {

  private static final Logger log = LoggerFactory.getLogger(BuildExecutor.class);

  /** How long a build's end is retried while the database is unreachable. */
  static final Duration FINISH_RETRIES = Duration.ofMinutes(5);

  private final BuildClaims claims;
  private final BuildTransitions transitions;
  private final BuildRepository repository;
  private final BuilderCall builder;
  private final BuildLogs logs;
  private final RunningBuilds running;
  private final BuildEvents events;
  private final WorkFolders workFolders;
  private final DatabaseRetry retry;
  private final String node;

  BuildExecutor(
      BuildClaims claims,
      BuildTransitions transitions,
      BuildRepository repository,
      BuilderCall builder,
      BuildLogs logs,
      RunningBuilds running,
      BuildEvents events,
      WorkFolders workFolders,
      NodeProperties node,
      Clock clock) {
    this.claims = claims;
    this.transitions = transitions;
    this.repository = repository;
    this.builder = builder;
    this.logs = logs;
    this.running = running;
    this.events = events;
    this.workFolders = workFolders;
    this.retry = new DatabaseRetry(FINISH_RETRIES, clock, Thread::sleep);
    this.node = node.name();
  }

  void execute(long buildId) {
    if (claims.claim(buildId, node) != BuildClaims.Claim.RUNNING) {
      return; // cancelled before it started, deleted, or waiting for its instance's limit
    }
    Build build = repository.findById(buildId).orElse(null);
    if (build == null) {
      return;
    }
    events.publishState(buildId);
    BuildInfo info = build.toInfo();
    Path work = workFolders.of(buildId);
    Outcome outcome = Outcome.error("Kiln failed while running the build.");
    try (LogWriter log = logs.open(buildId);
        var registration = running.start(buildId, info.timeout())) {
      outcome = builder.run(build, info, log, registration.token(), work);
      // A builder's error message may quote a secret; the reason is stored and shown outside the
      // log.
      outcome = new Outcome(outcome.state(), log.masked(outcome.reason()), outcome.exitCode());
      log.kilnNotice(outcome.reason());
    } catch (Throwable e) { // even an Error in a plugin must not leave the build RUNNING
      log.error("Build {} failed inside Kiln", buildId, e);
      if (outcome.state() == BuildState.ERROR) {
        outcome = Outcome.error("Kiln failed while running the build: " + e);
      }
    } finally {
      // The end is recorded first: nothing the removal of the folder meets may keep a build
      // RUNNING.
      finish(buildId, outcome);
      releaseWaiting(build.getBuilderInstanceId());
      workFolders.delete(work);
    }
  }

  /**
   * Records the final state, retrying through a database outage: given up sooner, the build would
   * stay RUNNING until this node restarts.
   */
  private void finish(long buildId, Outcome outcome) {
    if (retry.run(
        "Recording the end of build " + buildId, () -> transitions.finish(buildId, outcome))) {
      events.publishState(buildId);
    } else {
      log.error(
          "Could not record the end of build {}; it stays RUNNING until this node restarts",
          buildId);
    }
  }

  private void releaseWaiting(Long instanceId) {
    try {
      claims.releaseWaiting(instanceId);
    } catch (RuntimeException e) {
      log.warn(
          "Could not start a build waiting for instance {}; the queue sweep will: {}",
          instanceId,
          e.getMessage());
    }
  }
}
