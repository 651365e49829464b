package dev.kiln.portal.webhook;

import java.time.Instant;

/**
 * A project's webhook as the portal shows it: never its key, which is shown once when made.
 *
 * @param createdAt when the current key was made; {@code null} when the webhook is off
 * @param createdBy who made it
 */
public record WebhookInfo(long projectId, boolean enabled, Instant createdAt, String createdBy) {

  /** The path deliveries are POSTed to, relative to Kiln's address. */
  public String path() {
    return "/hooks/projects/" + projectId;
  }
}
