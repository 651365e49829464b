package dev.kiln.portal.schedule;

import java.time.Instant;

/**
 * One fire time of a schedule and what came of it.
 *
 * @param fireTime the time it was due
 * @param firedAt when a node handled it (later than {@code fireTime} after a node died or all were
 *     down)
 * @param buildId the build it queued, or {@code null} when it queued none
 * @param outcome in words, for example "Queued build #12." or "Skipped: build #11 is still
 *     running."
 */
public record FireInfo(
    Instant fireTime, Instant firedAt, String node, Long buildId, String outcome) {}
