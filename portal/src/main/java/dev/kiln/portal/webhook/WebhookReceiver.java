package dev.kiln.portal.webhook;

import dev.kiln.portal.audit.AuditAction;
import dev.kiln.portal.audit.AuditEvent;
import dev.kiln.portal.audit.RefusalAudit;
import dev.kiln.portal.build.BuildNumberLookup;
import dev.kiln.portal.build.Trigger;
import dev.kiln.portal.build.TriggerKind;
import dev.kiln.portal.project.InvalidParametersException;
import dev.kiln.portal.project.ProjectLookups;
import dev.kiln.portal.project.SystemTriggers;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.NoSuchElementException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Acts on one webhook delivery: checks its signature with the project's key, refuses a replay, and
 * queues the build {@link DeliveryDecision} says, or records why it builds nothing. The delivery's
 * row and its build are written in one transaction, so a delivery is only ever marked as used when
 * its build was queued; every refusal leaves nothing behind (but an audit entry for a bad signature
 * or refused parameters).
 */
@Service
@Transactional
class WebhookReceiver {

  /** GitHub's event when a webhook is created or tested: answered, never built. */
  static final String PING = "ping";

  static final int AUDITED_REFUSALS_PER_MINUTE = RefusalAudit.PER_MINUTE;

  private final JdbcClient jdbc;
  private final SystemTriggers projects;
  private final RefusalAudit refusals;
  private final Clock clock;
  private final ProjectLookups projectLookups;
  private final BuildNumberLookup buildNumbers;

  WebhookReceiver(
      JdbcClient jdbc,
      SystemTriggers projects,
      RefusalAudit refusals,
      Clock clock,
      ProjectLookups projectLookups,
      BuildNumberLookup buildNumbers) {
    this.jdbc = jdbc;
    this.projectLookups = projectLookups;
    this.buildNumbers = buildNumbers;
    this.projects = projects;
    this.refusals = refusals;
    this.clock = clock;
  }

  /** A delivery as it arrived: the headers that matter and the raw body. */
  record Delivery(String event, String deliveryId, String signature, byte[] body) {}

  /**
   * What Kiln did: answered a ping, ignored a push or pull request (saying why), or queued a build.
   */
  record Accepted(String message, Long buildId, Integer buildNumber, String deliveryId) {}

  /**
   * @throws WebhookRefusedException when Kiln does not act on it, with the status and message to
   *     answer
   */
  Accepted receive(long projectId, Delivery delivery) {
    String key =
        jdbc.sql("select signing_key from webhooks where project_id = ?")
            .param(projectId)
            .query(String.class)
            .optional()
            .orElseThrow(() -> noWebhook(projectId));
    if (delivery.signature() == null || delivery.signature().isBlank()) {
      throw refused(
          projectId,
          "missing_signature",
          "The X-Hub-Signature-256 header is missing: sign the body with"
              + " the webhook's secret (HMAC-SHA256) and send sha256=<hex>.");
    }
    if (!Signature.matches(key, delivery.body(), delivery.signature())) {
      throw refused(
          projectId,
          "bad_signature",
          "The signature does not match the body: check that the sender"
              + " uses the project's current webhook secret and signs the raw body.");
    }
    String event = blank(delivery.event()) ? "webhook" : delivery.event().strip();
    DeliveryFields.checkEvent(event);
    String sha = Signature.sha256(delivery.body());
    String deliveryId =
        blank(delivery.deliveryId())
            ? "body-" + sha.substring(0, 32)
            : delivery.deliveryId().strip();
    DeliveryFields.checkDeliveryId(deliveryId);
    Payload payload = Payload.read(event, deliveryId, delivery.body());
    if (PING.equals(event)) {
      // A ping builds nothing, so a repeated one is harmless: it is answered, and recorded once.
      insert(projectId, deliveryId, sha, event, payload.summary());
      return new Accepted(
          "pong: the webhook works; no build was queued for a ping.", null, null, deliveryId);
    }
    DeliveryDecision decision = decide(projectId, event, payload);
    String summary =
        decision.ignored() == null
            ? payload.summary()
            : Payload.clip(payload.summary() + " (" + decision.ignored() + ")", 300);
    if (insert(projectId, deliveryId, sha, event, summary) == 0) {
      throw replay(projectId, deliveryId, sha);
    }
    if (decision.ignored() != null) {
      return new Accepted(decision.ignored(), null, null, deliveryId);
    }
    long buildId;
    try {
      buildId =
          projects.queue(
              projectId,
              new Trigger(
                  TriggerKind.WEBHOOK,
                  Payload.clip(
                      "webhook: " + payload.summary() + " (delivery " + deliveryId + ")", 200),
                  payload.parameters(),
                  null,
                  payload.variables(),
                  decision.revision(),
                  null,
                  decision.secrets()));
    } catch (InvalidParametersException e) {
      // Rolls back the delivery's row: the same delivery, fixed, may come again.
      throw new WebhookRefusedException(400, "invalid_parameters", e.getMessage(), e.problems());
    } catch (IllegalStateException e) {
      // Rolls back the delivery's row too, so the sender may deliver it again once builds can run.
      throw new WebhookRefusedException(
          503,
          "cannot_build",
          "Builds of this project cannot run now: "
              + e.getMessage()
              + " Nothing was queued; deliver again once it is fixed.");
    } catch (NoSuchElementException e) {
      throw noWebhook(projectId);
    }
    jdbc.sql("update webhook_deliveries set build_id = ? where project_id = ? and delivery_id = ?")
        .params(buildId, projectId, deliveryId)
        .update();
    int number = buildNumbers.numberOf(buildId).orElseThrow();
    return new Accepted("Build #" + number + " queued.", buildId, number, deliveryId);
  }

  /** What the delivery builds, by the project's repository and filters. */
  private DeliveryDecision decide(long projectId, String event, Payload payload) {
    try {
      return DeliveryDecision.of(event, payload, projectLookups.source(projectId));
    } catch (NoSuchElementException e) {
      throw noWebhook(projectId);
    }
  }

  /**
   * Inserts the delivery unless its id or its body was seen before for the project; 1 when
   * inserted.
   */
  private int insert(long projectId, String deliveryId, String sha, String event, String summary) {
    return jdbc.sql(
            """
            insert into webhook_deliveries (project_id, delivery_id, body_sha256, received_at, event, summary)
            values (?, ?, ?, ?, ?, ?) on conflict do nothing""")
        .params(projectId, deliveryId, sha, Timestamp.from(clock.instant()), event, summary)
        .update();
  }

  private WebhookRefusedException replay(long projectId, String deliveryId, String sha) {
    var sameId =
        jdbc.sql(
                "select received_at from webhook_deliveries where project_id = ? and delivery_id = ?")
            .params(projectId, deliveryId)
            .query(Timestamp.class)
            .optional()
            .map(Timestamp::toInstant);
    if (sameId.isPresent()) {
      return new WebhookRefusedException(
          409,
          "replayed_delivery",
          "Delivery "
              + deliveryId
              + " was already received at "
              + sameId.get()
              + "; each delivery is acted on once. Nothing was queued.");
    }
    String earlier =
        jdbc.sql(
                "select delivery_id from webhook_deliveries where project_id = ? and body_sha256 = ?")
            .params(projectId, sha)
            .query(String.class)
            .optional()
            .orElse("another delivery");
    return new WebhookRefusedException(
        409,
        "replayed_body",
        "The same body was already received as delivery "
            + earlier
            + "; a body is acted on once. Nothing was queued.");
  }

  private WebhookRefusedException noWebhook(long projectId) {
    boolean exists = projectLookups.exists(projectId);
    return new WebhookRefusedException(
        404,
        "not_found",
        exists
            ? "Project "
                + projectId
                + " has no webhook enabled: an owner enables it on the project's Webhook tab."
            : "No project " + projectId + ".");
  }

  /**
   * A delivery with a missing or wrong signature: recorded in the audit log, which outlives the
   * rollback, up to {@link RefusalAudit#PER_MINUTE} a minute per project and node. Anyone who knows
   * the address can send these.
   */
  private WebhookRefusedException refused(long projectId, String error, String message) {
    refusals.record(
        AuditEvent.of(AuditAction.WEBHOOK_REFUSED, "project", projectId, null)
            .inProject(projectId)
            .by("webhook")
            .detail(error));
    return new WebhookRefusedException(401, error, message);
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }
}
