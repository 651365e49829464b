package dev.kiln.portal.project;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** A project as the UI shows it. */
public record ProjectInfo(
    long id,
    String name,
    String description,
    String builderId,
    String script,
    List<String> artifactPatterns,
    Duration timeout,
    Instant updatedAt) {}
