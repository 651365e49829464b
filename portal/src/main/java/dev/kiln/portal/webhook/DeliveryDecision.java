package dev.kiln.portal.webhook;

import dev.kiln.portal.build.Revision;
import dev.kiln.portal.build.SecretsPolicy;
import dev.kiln.portal.project.ProjectSource;

/**
 * What a checked delivery builds for a project: nothing (and why), or which commit, with or without
 * secrets.
 *
 * <ul>
 *   <li>A project without a repository builds its script for every event but {@code ping}, as
 *       before repositories.
 *   <li>{@code push}: exactly the pushed commit, when the branch or tag matches the project's
 *       patterns; a deletion builds nothing.
 *   <li>{@code pull_request}: when the project opted in and the pull request was opened, re-opened
 *       or given commits, its head commit as {@code refs/pull/N/head}; without secrets when it
 *       comes from a fork.
 *   <li>Any other event: the default branch, as before.
 * </ul>
 *
 * @param ignored why nothing is built, for the answer and the delivery's record; or {@code null}
 * @param revision what to build
 * @param secrets whether the build gets the project's secrets
 */
record DeliveryDecision(String ignored, Revision revision, SecretsPolicy secrets) {

  private static final DeliveryDecision DEFAULT =
      new DeliveryDecision(null, Revision.DEFAULT, SecretsPolicy.GIVEN);

  /**
   * @throws WebhookRefusedException (400, naming the field) when a push or pull request lacks a
   *     field it needs or gives a malformed one
   */
  static DeliveryDecision of(String event, Payload payload, ProjectSource source) {
    if (!source.present()) {
      return DEFAULT;
    }
    return switch (event) {
      case "push" -> push(PushEvent.read(payload.root()), source);
      case "pull_request" -> pullRequest(payload, source);
      default -> DEFAULT;
    };
  }

  private static DeliveryDecision push(PushEvent push, ProjectSource source) {
    if (push.deletes()) {
      return ignored("ignored: the push deletes " + push.ref() + "; nothing was built.");
    }
    return RefFilters.ignored(source, push.ref())
        .map(DeliveryDecision::ignored)
        .orElse(new DeliveryDecision(null, push.revision(), SecretsPolicy.GIVEN));
  }

  private static DeliveryDecision pullRequest(Payload payload, ProjectSource source) {
    if (!source.pullRequests()) {
      return ignored(
          "ignored: pull requests do not build in this project; a maintainer may turn them on"
              + " in the project's repository settings.");
    }
    PullRequestEvent pr = PullRequestEvent.read(payload.root());
    if (!pr.builds()) {
      return ignored(
          "ignored: pull request #"
              + pr.number()
              + " was "
              + Payload.clip(pr.action().isEmpty() ? "changed" : pr.action(), 40)
              + "; only opened, synchronize and reopened build.");
    }
    return new DeliveryDecision(
        null, pr.revision(), pr.fromFork() ? SecretsPolicy.WITHHELD : SecretsPolicy.GIVEN);
  }

  private static DeliveryDecision ignored(String why) {
    return new DeliveryDecision(why, null, null);
  }
}
