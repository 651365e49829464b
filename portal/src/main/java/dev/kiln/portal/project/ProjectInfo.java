package dev.kiln.portal.project;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** A project as the UI shows it; {@code secretNames} are the secrets its builds receive. */
public record ProjectInfo(
    long id,
    String name,
    String description,
    String builderId,
    Long instanceId,
    String script,
    List<String> artifactPatterns,
    Duration timeout,
    List<String> secretNames,
    Instant updatedAt) {}
