package dev.kiln.portal.webhook;

/**
 * A delivery Kiln did not act on: nothing was saved and no build was queued.
 *
 * @see WebhookReceiver
 */
class WebhookRefusedException extends RuntimeException {

  private final int status;
  private final String error;

  WebhookRefusedException(int status, String error, String message) {
    super(message);
    this.status = status;
    this.error = error;
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
