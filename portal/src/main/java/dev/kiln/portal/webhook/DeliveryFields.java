package dev.kiln.portal.webhook;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks what Kiln takes from a delivery into a build's environment ({@code WEBHOOK_DELIVERY},
 * {@code WEBHOOK_REF}, {@code WEBHOOK_SHA}): a sender who signs a body chooses these values, and a
 * script may hand them to {@code git}, so each must be what it claims to be, or the delivery is
 * refused with 400 naming the field.
 */
final class DeliveryFields {

  /** An event's name, such as {@code push} or {@code pull_request}. */
  static final Pattern EVENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}");

  /**
   * A delivery id: GitHub's are GUIDs; letters, digits and {@code . _ : -}, not starting with
   * {@code -}.
   */
  static final Pattern DELIVERY_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,99}");

  /** A commit id: SHA-1 or SHA-256, in lower-case hex as git prints it. */
  static final Pattern SHA = Pattern.compile("[0-9a-f]{40}|[0-9a-f]{64}");

  /** Longer refs than this are no branch or tag anyone pushes; git itself has no limit. */
  static final int MAX_REF_LENGTH = 255;

  private DeliveryFields() {}

  static void checkEvent(String event) {
    if (!EVENT.matcher(event).matches()) {
      throw refused(
          "bad_event",
          "X-GitHub-Event",
          "The X-GitHub-Event header must be a short name such as push:"
              + " 1 to 100 letters, digits and _ . : -, not starting with -.");
    }
  }

  static void checkDeliveryId(String id) {
    if (!DELIVERY_ID.matcher(id).matches()) {
      throw refused(
          "bad_delivery_id",
          "X-GitHub-Delivery",
          "The X-GitHub-Delivery header must be 1 to 100 letters,"
              + " digits and . _ : -, not starting with -.");
    }
  }

  static void checkSha(String sha) {
    checkSha("after", sha);
  }

  /** Refuses {@code sha}, the body's {@code field}, unless it is a full commit id. */
  static void checkSha(String field, String sha) {
    if (!SHA.matcher(sha).matches()) {
      throw refused(
          "bad_sha",
          field,
          "\"" + field + "\" must be a commit id: 40 or 64 lower-case hex digits.");
    }
  }

  /** A refusal of a delivery that lacks {@code field}, which it needs because {@code why}. */
  static WebhookRefusedException missing(String error, String field, String why) {
    return refused(error, field, "\"" + field + "\" is missing: " + why + ".");
  }

  static void checkRef(String ref) {
    String problem = refProblem(ref);
    if (problem != null) {
      throw refused(
          "bad_ref",
          "ref",
          "\"ref\" must be a git ref name such as refs/heads/main or main: " + problem);
    }
  }

  /**
   * Why {@code ref} is no ref name git accepts ({@code git check-ref-format --allow-onelevel}'s
   * rules: GitHub's create and delete events send a bare branch or tag name), or one Kiln does not
   * pass on (a leading {@code -}, non-ASCII, over {@value #MAX_REF_LENGTH} characters); null when
   * it is fine.
   */
  static String refProblem(String ref) {
    if (ref.length() > MAX_REF_LENGTH) {
      return "at most " + MAX_REF_LENGTH + " characters.";
    }
    if (ref.startsWith("-")) {
      return "it must not start with -.";
    }
    if (ref.equals("@") || ref.startsWith("/")) {
      return "it must not be @ nor start with /.";
    }
    for (int i = 0; i < ref.length(); i++) {
      char c = ref.charAt(i);
      if (c <= 0x20 || c >= 0x7f || "~^:?*[\\".indexOf(c) >= 0) {
        return "it must not hold spaces, control or non-ASCII characters, nor any of ~ ^ : ? * [ \\.";
      }
    }
    if (ref.contains("..")
        || ref.contains("@{")
        || ref.contains("//")
        || ref.endsWith("/")
        || ref.endsWith(".")) {
      return "it must not hold .. or @{ or //, nor end with / or .";
    }
    for (String part : ref.split("/")) {
      if (part.startsWith(".") || part.endsWith(".lock")) {
        return "no part of it may start with . or end with .lock.";
      }
    }
    return null;
  }

  /** A refusal (400) of a delivery whose {@code field} is wrong, saying what it must be. */
  static WebhookRefusedException refused(String error, String field, String message) {
    return new WebhookRefusedException(400, error, message, Map.of(field, message));
  }
}
