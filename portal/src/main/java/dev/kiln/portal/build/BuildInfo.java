package dev.kiln.portal.build;

import java.time.Duration;
import java.time.Instant;

/**
 * A build as the UI and API show it.
 *
 * @param instanceName the builder instance it ran on, as named when it was queued; {@code null} for
 *     builds queued before instances existed
 * @param triggerKind what asked for it; {@code triggeredBy} says who
 * @param attempt 1, or more for a build run again after its node was lost
 * @param retryOf the lost build this one runs again, or {@code null}
 * @param priority its project's priority when it was queued
 * @param waiting queued, and waiting for its builder instance's limit rather than a runner
 * @param revision the branch, tag or commit it builds, resolved once it started
 * @param repository the repository it checks out, or empty
 * @param rebuildOf the build it builds again, or {@code null}
 * @param secrets whether it gets its secrets (not a fork's pull request no owner approved)
 */
public record BuildInfo(
    long id,
    long projectId,
    int number,
    String projectName,
    String builderId,
    String instanceName,
    BuildState state,
    String reason,
    String triggeredBy,
    String node,
    Instant queuedAt,
    Instant startedAt,
    Instant finishedAt,
    Integer exitCode,
    long logBytes,
    boolean logTruncated,
    Duration timeout,
    TriggerKind triggerKind,
    int attempt,
    Long retryOf,
    int priority,
    boolean waiting,
    Revision revision,
    String repository,
    Long rebuildOf,
    SecretsPolicy secrets) {

  /** How long it ran, or has been running at {@code now}; null before it started. */
  public Duration duration(Instant now) {
    if (startedAt == null) {
      return null;
    }
    return Duration.between(startedAt, finishedAt != null ? finishedAt : now);
  }
}
