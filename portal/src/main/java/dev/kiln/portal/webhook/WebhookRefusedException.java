package dev.kiln.portal.webhook;

import java.util.Map;

/**
 * A delivery Kiln did not act on: nothing was saved and no build was queued.
 *
 * @see WebhookReceiver
 */
class WebhookRefusedException extends RuntimeException {

  private final int status;
  private final String error;
  private final transient Map<String, String> fields;

  WebhookRefusedException(int status, String error, String message) {
    this(status, error, message, Map.of());
  }

  /** A refusal that names the fields at fault (parameters, by name), each with what is wrong. */
  WebhookRefusedException(int status, String error, String message, Map<String, String> fields) {
    super(message);
    this.status = status;
    this.error = error;
    this.fields = Map.copyOf(fields);
  }

  /** What is wrong, by field; empty when the refusal is about the delivery as a whole. */
  Map<String, String> fields() {
    return fields;
  }

  /** The HTTP status to answer with. */
  int status() {
    return status;
  }

  /** A short machine-readable code, such as {@code bad_signature}. */
  String error() {
    return error;
  }
}
