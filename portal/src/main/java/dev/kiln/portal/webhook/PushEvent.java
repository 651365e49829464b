package dev.kiln.portal.webhook;

import dev.kiln.portal.build.Revision;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import tools.jackson.databind.JsonNode;

/**
 * A {@code push} in GitHub's shape (Gitea sends the same): which ref moved to which commit, and
 * that commit as its {@code head_commit} describes it. Read from a body whose signature was
 * checked; each field Kiln passes on is checked by {@link DeliveryFields}.
 *
 * @param ref the full ref pushed, {@code refs/heads/main} or {@code refs/tags/v1.2}
 * @param after the commit it now points to
 * @param deletes whether the push deleted the ref ({@code "deleted": true}, or {@code after} all
 *     zeros): nothing to build
 * @param revision the commit to build, already resolved: the runner fetches exactly it
 */
record PushEvent(String ref, String after, boolean deletes, Revision revision) {

  /**
   * @throws WebhookRefusedException (400, naming the field) when {@code ref} or {@code after} is
   *     missing or malformed, or {@code head_commit.timestamp} is no time
   */
  static PushEvent read(JsonNode root) {
    String ref = Payload.text(root, "ref");
    if (ref.isEmpty()) {
      throw DeliveryFields.missing("bad_ref", "ref", "a push names the ref it moved");
    }
    DeliveryFields.checkRef(ref);
    String after = Payload.text(root, "after");
    if (after.isEmpty()) {
      throw DeliveryFields.missing("bad_sha", "after", "a push names the commit it pushed");
    }
    DeliveryFields.checkSha(after);
    JsonNode deleted = root.get("deleted");
    boolean deletes =
        (deleted != null && deleted.isBoolean() && deleted.booleanValue())
            || after.chars().allMatch(c -> c == '0');
    String shortName = ref;
    for (String prefix : new String[] {RefFilters.BRANCHES, RefFilters.TAGS}) {
      if (ref.startsWith(prefix)) {
        shortName = ref.substring(prefix.length());
      }
    }
    JsonNode head = root.path("head_commit");
    String message = Payload.text(head, "message");
    String subject = message.isEmpty() ? null : message.lines().findFirst().orElse("");
    return new PushEvent(
        ref,
        after,
        deletes,
        new Revision(shortName, ref, after, subject, author(head.path("author")), time(head)));
  }

  /** {@code Name <email>}, or what of it the payload gives; null when it gives neither. */
  private static String author(JsonNode author) {
    String name = Payload.text(author, "name");
    String email = Payload.text(author, "email");
    if (email.isEmpty()) {
      return name.isEmpty() ? null : name;
    }
    return (name.isEmpty() ? "" : name + " ") + "<" + email + ">";
  }

  private static Instant time(JsonNode head) {
    String given = Payload.text(head, "timestamp");
    if (given.isEmpty()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(given).toInstant();
    } catch (DateTimeParseException e) {
      throw DeliveryFields.refused(
          "bad_timestamp",
          "head_commit.timestamp",
          "\"head_commit.timestamp\" must be an ISO-8601 time with its offset, such as"
              + " 2026-12-07T23:00:00+01:00.");
    }
  }
}
