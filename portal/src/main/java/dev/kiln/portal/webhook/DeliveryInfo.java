package dev.kiln.portal.webhook;

import java.time.Instant;

/**
 * A delivery Kiln acted on. Refused deliveries are not kept (a bad signature is in the audit log).
 *
 * @param summary for example "push to refs/heads/main by octocat"
 * @param buildId the build it queued; {@code null} for a ping, or when the build was deleted since
 */
public record DeliveryInfo(
    String deliveryId,
    String event,
    String summary,
    Instant receivedAt,
    Long buildId,
    Integer buildNumber) {}
