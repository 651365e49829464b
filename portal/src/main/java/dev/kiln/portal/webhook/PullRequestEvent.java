package dev.kiln.portal.webhook;

import dev.kiln.portal.build.Revision;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * A {@code pull_request} in GitHub's shape (Gitea sends the same): its number, what happened, the
 * commit at its head, and whether that commit comes from a fork. Read from a body whose signature
 * was checked, and only from it: whether a pull request is a fork's is judged on the signed {@code
 * pull_request.head.repo} and {@code pull_request.base.repo}, never on a header or a query.
 *
 * @param action {@code opened}, {@code synchronize} (new commits), {@code closed}…
 * @param number the pull request's number
 * @param fromFork whether its head is in another repository than its base; also when the head's
 *     repository is unknown (a deleted fork) or the payload does not say: the safe side
 * @param revision {@code refs/pull/<number>/head} at the head commit, which is what is built
 */
record PullRequestEvent(String action, long number, boolean fromFork, Revision revision) {

  /** The actions that build: a pull request opened, re-opened, or given new commits. */
  static final Set<String> BUILDS = Set.of("opened", "synchronize", "reopened");

  /**
   * @throws WebhookRefusedException (400, naming the field) when the number or the head commit is
   *     missing or malformed
   */
  static PullRequestEvent read(JsonNode root) {
    JsonNode pr = root.path("pull_request");
    JsonNode given = root.has("number") ? root.get("number") : pr.get("number");
    if (given == null || !given.canConvertToLong() || !given.isIntegralNumber()) {
      throw DeliveryFields.refused(
          "bad_number", "number", "\"number\" must be the pull request's number, such as 12.");
    }
    long number = given.longValue();
    if (number < 1 || number > 1_000_000_000L) {
      throw DeliveryFields.refused(
          "bad_number", "number", "\"number\" must be a whole number from 1 to 1000000000.");
    }
    String sha = Payload.text(pr.path("head"), "sha");
    if (sha.isEmpty()) {
      throw DeliveryFields.missing(
          "bad_sha", "pull_request.head.sha", "a pull request names the commit at its head");
    }
    DeliveryFields.checkSha("pull_request.head.sha", sha);
    String ref = "refs/pull/" + number + "/head";
    return new PullRequestEvent(
        Payload.text(root, "action"),
        number,
        fromFork(pr.path("head").path("repo"), pr.path("base").path("repo")),
        new Revision(ref, ref, sha, null, null, null));
  }

  /**
   * Same repository only when both name it and agree: full names (which GitHub compares without
   * case) and, where both give them, ids. A fork cannot take its base's full name, since that is
   * its owner's account and the repository's name.
   */
  private static boolean fromFork(JsonNode head, JsonNode base) {
    String headName = Payload.text(head, "full_name");
    String baseName = Payload.text(base, "full_name");
    if (headName.isEmpty() || !headName.equalsIgnoreCase(baseName)) {
      return true;
    }
    String headId = Payload.text(head, "id");
    String baseId = Payload.text(base, "id");
    return !headId.isEmpty() && !baseId.isEmpty() && !headId.equals(baseId);
  }

  /** Whether this action is one that builds. */
  boolean builds() {
    return BUILDS.contains(action);
  }
}
