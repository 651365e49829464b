package dev.kiln.builder.gha;

import dev.kiln.plugin.api.BuildException;

/**
 * A refusal from GitHub's API, with a message saying what it means for this builder and what to
 * check. Messages never hold the token.
 */
final class ApiFailure extends BuildException {

  private final int status;

  ApiFailure(int status, String message) {
    super(message);
    this.status = status;
  }

  /** The HTTP status GitHub answered, or 0 when the refusal came from the builder's own limits. */
  int status() {
    return status;
  }

  /**
   * The failure for a response GitHub refused.
   *
   * @param status the HTTP status
   * @param message GitHub's {@code message}, or empty
   * @param limit the response's rate-limit headers
   * @param settings which repository and workflow were asked about
   * @param request the method and path, for statuses this builder does not explain
   */
  static ApiFailure of(
      int status, String message, RateLimit limit, GhaSettings settings, String request) {
    String said = message.isBlank() ? "" : " GitHub said: " + message;
    String repo = settings.repository();
    String workflow = settings.workflow();
    return switch (status) {
      case 401 ->
          new ApiFailure(
              status,
              "GitHub refused the token (401): it is invalid or has expired."
                  + " Put a valid token in the secret that the Token setting names.");
      case 403, 429 ->
          limit.exhausted() || status == 429
              ? rateLimited(status, limit)
              : new ApiFailure(
                  status,
                  "GitHub denied the request (403): the token lacks the actions:write"
                      + " permission on "
                      + repo
                      + ". A fine-grained token needs Actions: read and write on it;"
                      + " a classic token the repo and workflow scopes."
                      + said);
      case 404 ->
          new ApiFailure(
              status,
              "GitHub found no repository "
                  + repo
                  + " with workflow "
                  + workflow
                  + " (404), or the token cannot see it. Check the Repository and Workflow settings and the"
                  + " repositories the token may access.");
      case 422 ->
          new ApiFailure(
              status,
              "GitHub rejected the request (422): "
                  + (message.isBlank() ? "no reason given" : message)
                  + ". The workflow "
                  + workflow
                  + " needs a workflow_dispatch trigger declaring the inputs "
                  + RunKey.BUILD_ID_INPUT
                  + ", "
                  + RunKey.RUN_KEY_INPUT
                  + " and each extra input, and the ref "
                  + settings.ref()
                  + " must exist.");
      default ->
          new ApiFailure(status, "GitHub answered " + status + " to " + request + "." + said);
    };
  }

  /** The failure for a rate limit that is used up and resets later than the builder may wait. */
  static ApiFailure rateLimited(int status, RateLimit limit) {
    return new ApiFailure(
        status,
        "GitHub's API rate limit for this token is exhausted ("
            + limit.describe()
            + "); it resets at "
            + limit.resetTime()
            + ".");
  }
}
