package dev.kiln.portal.api;

/**
 * What an error status means for an API client, for refusals that come without a message of their
 * own.
 */
final class StatusWords {

  private StatusWords() {}

  static String of(int status) {
    return switch (status) {
      case 400 ->
          "The request is malformed or not allowed: check its path (no //, /../, ;, %2F, %00 or \\),"
              + " its percent-encoding and its headers.";
      case 401 -> "A valid API token is needed.";
      case 403 -> "This token or its user may not do this.";
      case 404 -> "No such API endpoint.";
      case 405 -> "This HTTP method is not allowed here.";
      case 408 -> "The request took too long to arrive.";
      case 413 -> "The request is too large.";
      case 414 -> "The request's address is too long.";
      case 431 -> "The request's headers are too large.";
      case 501 -> "Kiln does not implement this HTTP method.";
      default -> status >= 500 ? "Kiln could not answer this request." : "The request was refused.";
    };
  }
}
