package dev.kiln.portal.build;

import java.time.Duration;
import java.time.Instant;

/**
 * A build as the UI and API show it.
 *
 * @param instanceName the builder instance it ran on, as named when it was queued; {@code null} for
 *     builds queued before instances existed
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
    Duration timeout) {

  /** How long it ran, or has been running at {@code now}; null before it started. */
  public Duration duration(Instant now) {
    if (startedAt == null) {
      return null;
    }
    return Duration.between(startedAt, finishedAt != null ? finishedAt : now);
  }
}
