package dev.kiln.portal.webhook;

import dev.kiln.portal.base.PathIds;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /hooks/projects/{id}}: a signed delivery from GitHub or any sender. No session, no
 * log-in: the signature is the proof (see {@code docs/webhooks.md}). Every answer is JSON.
 */
@RestController
class WebhookController {

  private static final Logger LOG = LoggerFactory.getLogger(WebhookController.class);

  private final WebhookReceiver receiver;

  WebhookController(WebhookReceiver receiver) {
    this.receiver = receiver;
  }

  @PostMapping(path = "/hooks/projects/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<Map<String, Object>> deliver(
      @PathVariable String id,
      @RequestHeader(name = "X-GitHub-Event", required = false) String event,
      @RequestHeader(name = "X-GitHub-Delivery", required = false) String deliveryId,
      @RequestHeader(name = "X-Hub-Signature-256", required = false) String signature,
      HttpServletRequest request)
      throws IOException {
    // Plain digits only: Long.parseLong would read "+7", "07" and other scripts' digits as project
    // 7.
    long projectId =
        PathIds.parse(id)
            .orElseThrow(
                () ->
                    new WebhookRefusedException(
                        404, "not_found", "No project " + Payload.clip(id, 50) + "."));
    byte[] body = body(request);
    var accepted =
        receiver.receive(
            projectId, new WebhookReceiver.Delivery(event, deliveryId, signature, body));
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("message", accepted.message());
    answer.put("delivery", accepted.deliveryId());
    if (accepted.buildId() == null) {
      return ResponseEntity.ok(answer);
    }
    answer.put("buildId", accepted.buildId());
    answer.put("buildNumber", accepted.buildNumber());
    answer.put("build", "/builds/" + accepted.buildId());
    return ResponseEntity.status(HttpStatus.ACCEPTED).body(answer);
  }

  /**
   * Anything else under /hooks, including a GET of a project's hook: JSON, never the log-in page.
   */
  @RequestMapping("/hooks/**")
  void unknown() {
    throw new WebhookRefusedException(
        404,
        "not_found",
        "No such webhook endpoint: deliveries are POSTed to /hooks/projects/{id}.");
  }

  @ExceptionHandler(WebhookRefusedException.class)
  ResponseEntity<Map<String, Object>> refused(WebhookRefusedException e) {
    Map<String, Object> body =
        new LinkedHashMap<>(Map.of("error", e.error(), "message", e.getMessage()));
    if (!e.fields().isEmpty()) {
      body.put("fields", e.fields());
    }
    return ResponseEntity.status(e.status()).contentType(MediaType.APPLICATION_JSON).body(body);
  }

  /**
   * Anything unexpected (the database gone, say): still JSON, since Boot's error page sits behind
   * the log-in. The delivery's transaction rolled back, so the sender may deliver it again.
   */
  @ExceptionHandler(Exception.class)
  ResponseEntity<Map<String, String>> failed(Exception e) {
    LOG.error("A webhook delivery failed", e);
    return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR)
        .contentType(MediaType.APPLICATION_JSON)
        .body(
            Map.of(
                "error",
                "internal_error",
                "message",
                "Kiln could not act on the delivery; nothing was queued."
                    + " Deliver it again later; the server's log says more."));
  }

  /**
   * The raw body, as signed. Its size is limited once, before it gets here: the request filter
   * ({@code web.BodyGate}) reads a delivery whole within its size limit and time, or answers 413 or
   * 408 itself, so this reads from memory.
   */
  private static byte[] body(HttpServletRequest request) throws IOException {
    try (InputStream in = request.getInputStream()) {
      return in.readAllBytes();
    }
  }
}
