package dev.kiln.portal.web;

import java.io.IOException;

/** A request body that did not arrive in time, or too slowly; the request is abandoned. */
final class SlowBodyException extends IOException {

  SlowBodyException(String message) {
    super(message);
  }
}
