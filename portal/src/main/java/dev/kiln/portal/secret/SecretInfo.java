package dev.kiln.portal.secret;

import java.time.Instant;

/**
 * What may be shown of a secret: never its value.
 *
 * @param projectId the project it belongs to, or {@code null} for a global secret
 */
public record SecretInfo(
    long id,
    String name,
    String description,
    Long projectId,
    Instant createdAt,
    Instant updatedAt) {

  /** "global", or "project N". */
  public String scope() {
    return projectId == null ? "global" : "project " + projectId;
  }
}
