package dev.kiln.portal.webhook;

import dev.kiln.portal.base.TextRules;
import dev.kiln.portal.project.ParameterDeclarations;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What Kiln reads from a delivery's JSON body: a one-line summary for the build's "triggered by"
 * (GitHub's push, pull request and release payloads get their own wording), the sender's own {@code
 * "parameters"} object of strings (checked against the project's declarations when the build is
 * queued), and the variables Kiln sets from the delivery itself: {@code WEBHOOK_EVENT}, {@code
 * WEBHOOK_DELIVERY} and, for pushes, {@code WEBHOOK_REF} and {@code WEBHOOK_SHA}, each checked by
 * {@link DeliveryFields}. The body itself is kept for {@link PushEvent} and {@link
 * PullRequestEvent}.
 */
record Payload(
    String summary, Map<String, String> parameters, Map<String, String> variables, JsonNode root) {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  /**
   * Reads a body that was already found correctly signed.
   *
   * @throws WebhookRefusedException when the body is not a JSON object or its parameters are not
   *     one of strings
   */
  static Payload read(String event, String deliveryId, byte[] body) {
    JsonNode root;
    try {
      root = body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
    } catch (JacksonException e) {
      root = null;
    }
    if (root == null || !root.isObject()) {
      throw new WebhookRefusedException(
          400,
          "not_json",
          "The body must be a JSON object. In GitHub's webhook"
              + " settings, set the content type to application/json.");
    }
    Map<String, String> parameters = senderParameters(root.get("parameters"));
    Map<String, String> variables = new LinkedHashMap<>();
    variables.put("WEBHOOK_EVENT", event);
    variables.put("WEBHOOK_DELIVERY", deliveryId);
    String ref = text(root, "ref");
    if (!ref.isEmpty()) {
      DeliveryFields.checkRef(ref);
      variables.put("WEBHOOK_REF", ref);
    }
    String after = text(root, "after");
    if (!after.isEmpty()) {
      DeliveryFields.checkSha(after);
      variables.put("WEBHOOK_SHA", after);
    }
    return new Payload(clip(summary(event, root), 300), parameters, Map.copyOf(variables), root);
  }

  private static Map<String, String> senderParameters(JsonNode given) {
    if (given == null || given.isNull()) {
      return Map.of();
    }
    if (!given.isObject()) {
      throw new WebhookRefusedException(
          400,
          "invalid_parameters",
          "\"parameters\" must be a JSON object of strings, such as {\"RELEASE\": \"1.2\"}.");
    }
    Map<String, String> values = new LinkedHashMap<>();
    if (given.size() > ParameterDeclarations.MAX_COUNT) {
      throw new WebhookRefusedException(
          400, "invalid_parameters", "At most " + ParameterDeclarations.MAX_COUNT + " parameters.");
    }
    for (var entry : given.properties()) {
      if (!entry.getValue().isString()) {
        throw new WebhookRefusedException(
            400,
            "invalid_parameters",
            "Parameter '" + clip(entry.getKey(), 100) + "' must be a string.");
      }
      values.put(entry.getKey(), entry.getValue().asString());
    }
    return Collections.unmodifiableMap(values);
  }

  /** For example "push to refs/heads/main by octocat" or "pull_request opened #12 by octocat". */
  private static String summary(String event, JsonNode root) {
    String by = text(root.path("pusher"), "name");
    if (by.isEmpty()) {
      by = text(root.path("sender"), "login");
    }
    var words = new StringBuilder(event);
    String action = text(root, "action");
    if (!action.isEmpty()) {
      words.append(' ').append(action);
    }
    if (root.path("pull_request").has("number")) {
      words.append(" #").append(root.path("pull_request").path("number").asString());
    } else if (!text(root.path("release"), "tag_name").isEmpty()) {
      words.append(' ').append(text(root.path("release"), "tag_name"));
    } else if (!text(root, "ref").isEmpty()) {
      words.append(" to ").append(text(root, "ref"));
    }
    if (!by.isEmpty()) {
      words.append(" by ").append(by);
    }
    return words.toString();
  }

  /** The field's value, stripped, when it is a string, number or boolean; else empty. */
  static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value != null && value.isValueNode() && !value.isNull() ? value.asString().strip() : "";
  }

  /** Keeps a value short and on one line: it ends up in the portal and in build environments. */
  static String clip(String value, int max) {
    return TextRules.clip(value, max);
  }
}
