package dev.kiln.portal.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends deliveries signed with a project's webhook key to the running portal, as GitHub does, and
 * reads the answers: for the tests of what pushes and pull requests build.
 */
public final class SignedDeliveries {

  static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
  private final int port;

  public SignedDeliveries(int port) {
    this.port = port;
  }

  /** Signs {@code body} (a JSON value, written as is) with {@code key} and delivers it. */
  public Answer deliver(long project, String key, String event, Object body) throws Exception {
    byte[] bytes = JSON.writeValueAsBytes(body);
    var request =
        HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/hooks/projects/" + project))
            .timeout(TIMEOUT)
            .header("Content-Type", "application/json")
            .header("X-GitHub-Event", event)
            .header("X-GitHub-Delivery", UUID.randomUUID().toString())
            .header("X-Hub-Signature-256", Signature.of(key, bytes))
            .POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
    var response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    return new Answer(response.statusCode(), JSON.readTree(response.body()));
  }

  /** The status and JSON body of an answer. */
  public record Answer(int status, JsonNode body) {

    /** The queued build's id, after checking that one was queued. */
    public long buildId() {
      assertThat(status).as(body.toString()).isEqualTo(202);
      return body.get("buildId").asLong();
    }

    /** The message, after checking that nothing was built and the delivery was answered. */
    String ignored() {
      assertThat(status).as(body.toString()).isEqualTo(200);
      assertThat(body.has("buildId")).as(body.toString()).isFalse();
      return body.get("message").asString();
    }

    /** The field the refusal names, after checking it was refused with 400 and {@code error}. */
    JsonNode refused(String error) {
      assertThat(status).as(body.toString()).isEqualTo(400);
      assertThat(body.get("error").asString()).as(body.toString()).isEqualTo(error);
      return body.get("fields");
    }
  }
}
