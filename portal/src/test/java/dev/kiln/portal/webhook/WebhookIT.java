package dev.kiln.portal.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.portal.KilnSpringTest;
import dev.kiln.portal.TestUsers;
import dev.kiln.portal.access.ProjectRole;
import dev.kiln.portal.build.BuildInfo;
import dev.kiln.portal.build.BuildService;
import dev.kiln.portal.build.TriggerKind;
import dev.kiln.portal.project.ParameterDeclaration;
import dev.kiln.portal.project.ProjectDraft;
import dev.kiln.portal.project.ProjectMembers;
import dev.kiln.portal.project.ProjectService;
import dev.kiln.portal.user.Role;
import dev.kiln.portal.user.UserService;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.access.AccessDeniedException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Webhook deliveries over real HTTP against the running portal: what is queued, and what is
 * refused.
 */
class WebhookIT extends KilnSpringTest {

  private static final AtomicInteger names = new AtomicInteger();
  private static final Duration TIMEOUT = Duration.ofSeconds(20);
  private static final JsonMapper json = JsonMapper.builder().build();

  @Autowired UserService users;
  @Autowired ProjectService projects;
  @Autowired ProjectMembers members;
  @Autowired BuildService builds;
  @Autowired WebhookService webhooks;
  @Autowired JdbcTemplate jdbc;
  @LocalServerPort int port;

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
  private String owner;

  @Test
  void aSignedPushQueuesOneWebhookBuildThatSaysWhatTriggeredIt() throws Exception {
    long project = project();
    String key = as(owner, () -> webhooks.createKey(project));
    String delivery = UUID.randomUUID().toString();
    byte[] body = push("refs/heads/main", "octocat");

    var response = deliver(project, "push", delivery, Signature.of(key, body), body);

    assertThat(response.statusCode()).isEqualTo(202);
    JsonNode answer = json.readTree(response.body());
    long buildId = answer.get("buildId").asLong();
    assertThat(answer.get("message").asString()).isEqualTo("Build #1 queued.");
    assertThat(answer.get("build").asString()).isEqualTo("/builds/" + buildId);
    assertThat(buildCount(project)).isOne();
    BuildInfo build = as(owner, () -> builds.find(buildId)).orElseThrow();
    assertThat(build.triggerKind()).isEqualTo(TriggerKind.WEBHOOK);
    assertThat(build.triggeredBy())
        .isEqualTo("webhook: push to refs/heads/main by octocat (delivery " + delivery + ")");
    assertThat(
            jdbc.queryForObject(
                "select parameters_json from builds where id = ?", String.class, buildId))
        .contains(
            "\"WEBHOOK_EVENT\":\"push\"",
            "\"WEBHOOK_REF\":\"refs/heads/main\"",
            "\"WEBHOOK_DELIVERY\":\"" + delivery + "\"");
    assertThat(as(owner, () -> webhooks.deliveries(project, 10)))
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.deliveryId()).isEqualTo(delivery);
              assertThat(d.event()).isEqualTo("push");
              assertThat(d.summary()).isEqualTo("push to refs/heads/main by octocat");
              assertThat(d.buildId()).isEqualTo(buildId);
              assertThat(d.buildNumber()).isEqualTo(1);
            });
  }

  @Test
  void aDeliveryWhoseRefShaOrIdIsNotWhatItClaimsIsRefusedNamingTheField() throws Exception {
    long project = project();
    String key = as(owner, () -> webhooks.createKey(project));
    for (String[] bad :
        new String[][] {
          {"ref", "--upload-pack=touch /tmp/pwned", "bad_ref"},
          {"ref", "refs/heads/a..b", "bad_ref"},
          {"after", "$(id)" + "a".repeat(35), "bad_sha"},
          {"after", "A".repeat(40), "bad_sha"}
        }) {
      var fields = new HashMap<>(Map.of("ref", "refs/heads/main", "after", "a".repeat(40)));
      fields.put(bad[0], bad[1]);
      byte[] body = json.writeValueAsBytes(fields);
      var response =
          deliver(project, "push", UUID.randomUUID().toString(), Signature.of(key, body), body);
      assertRefused(response, 400, bad[2], "\"" + bad[0] + "\"");
      assertThat(json.readTree(response.body()).get("fields").has(bad[0]))
          .as(response.body())
          .isTrue();
    }
    byte[] body = push("refs/heads/main", "octocat");
    var response = deliver(project, "push", "-delivery", Signature.of(key, body), body);
    assertRefused(response, 400, "bad_delivery_id", "X-GitHub-Delivery");
    assertThat(json.readTree(response.body()).get("fields").has("X-GitHub-Delivery")).isTrue();
    assertNothingKept(project);
  }

  @Test
  void aMissingOrWrongSignatureIsRefusedAndAudited() throws Exception {
    long project = project();
    String key = as(owner, () -> webhooks.createKey(project));
    byte[] body = push("refs/heads/main", "mallory");

    var missing = deliver(project, "push", UUID.randomUUID().toString(), null, body);
    assertRefused(missing, 401, "missing_signature", "X-Hub-Signature-256 header is missing");
    var otherKey =
        deliver(project, "push", UUID.randomUUID().toString(), Signature.of(key + "x", body), body);
    assertRefused(otherKey, 401, "bad_signature", "does not match the body");
    byte[] altered = Arrays.copyOf(body, body.length);
    altered[altered.length - 3] ^= 1;
    var tampered =
        deliver(project, "push", UUID.randomUUID().toString(), Signature.of(key, body), altered);
    assertRefused(tampered, 401, "bad_signature", "does not match the body");
    assertRefused(
        deliver(project, "push", UUID.randomUUID().toString(), "sha256=zz", body),
        401,
        "bad_signature",
        "does not match");

    assertNothingKept(project);
    assertThat(
            jdbc.queryForObject(
                "select count(*) from audit_log where action = 'webhook.refused' and project_id = ?",
                Long.class,
                project))
        .isEqualTo(4);
  }

  @Test
  void aFloodOfBadSignaturesIsRefusedButNotAuditedOneByOne() throws Exception {
    long project = project();
    String key = as(owner, () -> webhooks.createKey(project));
    byte[] body = push("refs/heads/main", "mallory");
    int sent = 3 * WebhookReceiver.AUDITED_REFUSALS_PER_MINUTE;
    for (int i = 0; i < sent; i++) {
      assertRefused(
          deliver(
              project, "push", UUID.randomUUID().toString(), Signature.of(key + "x", body), body),
          401,
          "bad_signature",
          "does not match the body");
    }
    assertNothingKept(project);
    // The loop spans at most two minutes of the clock, each recording at most the limit.
    assertThat(
            jdbc.queryForObject(
                "select count(*) from audit_log where action = 'webhook.refused' and project_id = ?",
                Long.class,
                project))
        .isBetween(1L, 2L * WebhookReceiver.AUDITED_REFUSALS_PER_MINUTE);
  }

  @Test
  void aReplayedDeliveryIdOrBodyIsRefused() throws Exception {
    long project = project();
    String key = as(owner, () -> webhooks.createKey(project));
    String delivery = UUID.randomUUID().toString();
    byte[] first = push("refs/heads/main", "octocat");
    assertThat(deliver(project, "push", delivery, Signature.of(key, first), first).statusCode())
        .isEqualTo(202);

    byte[] second = push("refs/heads/other", "octocat");
    assertRefused(
        deliver(project, "push", delivery, Signature.of(key, second), second),
        409,
        "replayed_delivery",
        "Delivery " + delivery + " was already received");
    assertRefused(
        deliver(project, "push", UUID.randomUUID().toString(), Signature.of(key, first), first),
        409,
        "replayed_body",
        "already received as delivery " + delivery);

    assertThat(buildCount(project)).isOne();
    assertThat(
            jdbc.queryForObject(
                "select count(*) from webhook_deliveries where project_id = ?",
                Long.class,
                project))
        .isOne();
  }

  @Test
  void unknownProjectsAndProjectsWithoutAWebhookAreRefused() throws Exception {
    byte[] body = push("refs/heads/main", "octocat");
    assertRefused(
        deliver(Long.MAX_VALUE, "push", "d1", Signature.of("any", body), body),
        404,
        "not_found",
        "No project " + Long.MAX_VALUE + ".");
    assertRefused(
        send("POST", "/hooks/projects/abc", body, Map.of()), 404, "not_found", "No project abc.");

    long project = project();
    assertRefused(
        deliver(project, "push", "d2", Signature.of("any", body), body),
        404,
        "not_found",
        "has no webhook enabled");
    String key = as(owner, () -> webhooks.createKey(project));
    as(
        owner,
        () -> {
          webhooks.deleteKey(project);
          return null;
        });
    assertRefused(
        deliver(project, "push", "d3", Signature.of(key, body), body),
        404,
        "not_found",
        "has no webhook enabled");
    assertNothingKept(project);
    assertThat(
            jdbc.queryForList(
                "select action from audit_log where project_id = ? and action like 'webhook.%'"
                    + " order by id",
                String.class, project))
        .containsExactly("webhook.key-created", "webhook.key-deleted");
    assertThat(
            jdbc.queryForObject(
                "select count(*) from webhooks where project_id = ?", Long.class, project))
        .isZero();
  }

  @Test
  void aRotatedKeyReplacesTheOldOneAtOnce() throws Exception {
    long project = project();
    String old = as(owner, () -> webhooks.createKey(project));
    String current = as(owner, () -> webhooks.createKey(project));
    assertThat(current).isNotEqualTo(old).matches("[0-9A-Za-z]{40}");
    byte[] body = push("refs/heads/main", "octocat");

    assertRefused(
        deliver(project, "push", "r1", Signature.of(old, body), body),
        401,
        "bad_signature",
        "current");
    assertThat(deliver(project, "push", "r2", Signature.of(current, body), body).statusCode())
        .isEqualTo(202);
    assertThat(
            jdbc.queryForList(
                "select action from audit_log where project_id = ? and action like 'webhook.key-%'"
                    + " order by id",
                String.class, project))
        .containsExactly("webhook.key-created", "webhook.key-rotated");
  }

  @Test
  void onlyOwnersManageTheKeyAndMembersSeeTheWebhook() {
    long project = project();
    String maintainer = member(project, ProjectRole.MAINTAINER);
    assertThatThrownBy(() -> as(maintainer, () -> webhooks.createKey(project)))
        .isInstanceOf(AccessDeniedException.class);
    as(owner, () -> webhooks.createKey(project));
    assertThatThrownBy(
            () ->
                as(
                    maintainer,
                    () -> {
                      webhooks.deleteKey(project);
                      return null;
                    }))
        .isInstanceOf(AccessDeniedException.class);
    WebhookInfo seen = as(maintainer, () -> webhooks.find(project));
    assertThat(seen.enabled()).isTrue();
    assertThat(seen.createdBy()).isEqualTo(owner);
    assertThat(
            jdbc.queryForList(
                "select created_by from webhooks where project_id = ?", String.class, project))
        .containsExactly(owner);
  }

  @Test
  void aPingIsAnsweredWithoutABuild() throws Exception {
    long project = project();
    String key = as(owner, () -> webhooks.createKey(project));
    byte[] ping =
        "{\"zen\": \"Design for failure.\", \"hook_id\": 1, \"sender\": {\"login\": \"octocat\"}}"
            .getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < 2; i++) { // a repeated ping builds nothing either, so it is answered too
      var response = deliver(project, "ping", "ping-1", Signature.of(key, ping), ping);
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(json.readTree(response.body()).get("message").asString()).startsWith("pong");
    }
    assertThat(buildCount(project)).isZero();
    assertThat(as(owner, () -> webhooks.deliveries(project, 10)))
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.event()).isEqualTo("ping");
              assertThat(d.buildId()).isNull();
            });
  }

  @Test
  void anOversizeBodyIsRefusedWithOrWithoutContentLength() throws Exception {
    long project = project();
    String key = as(owner, () -> webhooks.createKey(project));
    byte[] body = new byte[1024 * 1024 + 1]; // the documented limit, 1 MiB (docs/webhooks.md)
    Arrays.fill(body, (byte) ' ');
    body[0] = '{';
    body[body.length - 1] = '}';
    assertRefused(
        deliver(project, "push", "big-1", Signature.of(key, body), body),
        413,
        "too_large",
        "1024 KiB");
    var chunked =
        HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/hooks/projects/" + project))
            .timeout(TIMEOUT)
            .header("X-GitHub-Event", "push")
            .header("X-GitHub-Delivery", "big-2")
            .header("X-Hub-Signature-256", Signature.of(key, body))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
            .build();
    assertRefused(
        http.send(chunked, HttpResponse.BodyHandlers.ofString()), 413, "too_large", "KiB");
    assertNothingKept(project);
  }

  @Test
  void aProjectWhoseBuilderCannotRunKeepsNoDeliverySoItCanBeDeliveredAgain() throws Exception {
    long project = project();
    String key = as(owner, () -> webhooks.createKey(project));
    byte[] body = push("refs/heads/main", "octocat");
    var builder =
        jdbc.queryForMap(
            "select builder_id, builder_instance_id from projects where id = ?", project);
    jdbc.update(
        "update projects set builder_id = 'gone', builder_instance_id = null where id = ?",
        project);

    assertRefused(
        deliver(project, "push", "again", Signature.of(key, body), body),
        503,
        "cannot_build",
        "Builds of this project cannot run now");
    assertNothingKept(project);

    jdbc.update(
        "update projects set builder_id = ?, builder_instance_id = ? where id = ?",
        builder.get("builder_id"),
        builder.get("builder_instance_id"),
        project);
    assertThat(deliver(project, "push", "again", Signature.of(key, body), body).statusCode())
        .isEqualTo(202);
    assertThat(buildCount(project)).isOne();
  }

  @Test
  void aSenderMayGiveParametersButOnlyValidOnesInAJsonObject() throws Exception {
    long project = project();
    String key = as(owner, () -> webhooks.createKey(project));
    byte[] form = "payload=%7B%7D".getBytes(StandardCharsets.UTF_8);
    assertRefused(
        deliver(project, "push", "p1", Signature.of(key, form), form),
        400,
        "not_json",
        "application/json");
    byte[] bad = "{\"parameters\": {\"KILN_X\": \"1\"}}".getBytes(StandardCharsets.UTF_8);
    assertRefused(
        deliver(project, "push", "p2", Signature.of(key, bad), bad),
        400,
        "invalid_parameters",
        "KILN_");
    byte[] notString = "{\"parameters\": {\"N\": 1}}".getBytes(StandardCharsets.UTF_8);
    assertRefused(
        deliver(project, "push", "p3", Signature.of(key, notString), notString),
        400,
        "invalid_parameters",
        "must be a string");
    assertNothingKept(project);

    as(
        owner,
        () -> {
          projects.declareParameters(project, List.of(ParameterDeclaration.free("RELEASE")));
          return null;
        });
    byte[] good = "{\"parameters\": {\"RELEASE\": \"1.2.3\"}}".getBytes(StandardCharsets.UTF_8);
    var response =
        send(
            "POST",
            "/hooks/projects/" + project,
            good,
            Map.of("X-Hub-Signature-256", Signature.of(key, good)));
    assertThat(response.statusCode()).isEqualTo(202);
    long buildId = json.readTree(response.body()).get("buildId").asLong();
    assertThat(
            jdbc.queryForObject(
                "select parameters_json from builds where id = ?", String.class, buildId))
        .contains("\"RELEASE\":\"1.2.3\"", "\"WEBHOOK_EVENT\":\"webhook\"");
    assertThat(as(owner, () -> builds.find(buildId)).orElseThrow().triggeredBy())
        .startsWith("webhook: webhook (delivery body-");
  }

  @Test
  void otherRequestsUnderHooksGetJsonNotTheLogInPage() throws Exception {
    long project = project();
    var get = send("GET", "/hooks/projects/" + project, null, Map.of());
    assertRefused(get, 404, "not_found", "POSTed to /hooks/projects/{id}");
    assertThat(get.headers().firstValue("Set-Cookie")).isEmpty();
  }

  private static byte[] push(String ref, String pusher) {
    String random = UUID.randomUUID().toString().replace("-", "");
    return ("{\"ref\": \""
            + ref
            + "\", \"after\": \""
            + (random + random).substring(0, 40)
            + "\", \"pusher\": {\"name\": \""
            + pusher
            + "\"}, \"sender\": {\"login\": \""
            + pusher
            + "\"}}")
        .getBytes(StandardCharsets.UTF_8);
  }

  private HttpResponse<String> deliver(
      long project, String event, String delivery, String signature, byte[] body) throws Exception {
    var headers =
        new HashMap<String, String>(Map.of("X-GitHub-Event", event, "X-GitHub-Delivery", delivery));
    if (signature != null) {
      headers.put("X-Hub-Signature-256", signature);
    }
    return send("POST", "/hooks/projects/" + project, body, headers);
  }

  private HttpResponse<String> send(
      String method, String path, byte[] body, Map<String, String> headers) throws Exception {
    var request =
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
            .timeout(TIMEOUT)
            .header("Content-Type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(request::header);
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static void assertRefused(
      HttpResponse<String> response, int status, String error, String message) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).contains("json"));
    JsonNode body = json.readTree(response.body());
    assertThat(body.get("error").asString()).isEqualTo(error);
    assertThat(body.get("message").asString()).contains(message);
  }

  private void assertNothingKept(long project) {
    assertThat(buildCount(project)).isZero();
    assertThat(
            jdbc.queryForObject(
                "select count(*) from webhook_deliveries where project_id = ?",
                Long.class,
                project))
        .isZero();
  }

  private long buildCount(long project) {
    return jdbc.queryForObject(
        "select count(*) from builds where project_id = ?", Long.class, project);
  }

  /** A project made by a new maintainer, who owns it. */
  private long project() {
    owner = "hook-user-" + names.incrementAndGet();
    TestUsers.create(users, owner, "a long enough password", Role.MAINTAINER);
    return as(
        owner,
        List.of("ROLE_MAINTAINER"),
        () ->
            projects.create(
                new ProjectDraft(
                    "hook-" + names.incrementAndGet(),
                    "made by the webhook test",
                    "local",
                    Map.of("kill-grace-seconds", "1"),
                    "echo \"$WEBHOOK_EVENT\"\n",
                    List.of(),
                    Duration.ofMinutes(1))));
  }

  private String member(long project, ProjectRole role) {
    String name = "hook-user-" + names.incrementAndGet();
    TestUsers.create(users, name, "a long enough password", Role.VIEWER);
    as(owner, () -> members.add(project, name, role));
    return name;
  }

  private static <T> T as(String username, Supplier<T> call) {
    return as(username, List.of(), call);
  }
}
