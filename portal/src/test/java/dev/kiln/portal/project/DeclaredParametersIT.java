package dev.kiln.portal.project;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.plugin.api.EnvironmentPolicy;
import dev.kiln.portal.KilnSpringTest;
import dev.kiln.portal.TestUsers;
import dev.kiln.portal.audit.RefusalAudit;
import dev.kiln.portal.build.BuildService;
import dev.kiln.portal.build.BuildState;
import dev.kiln.portal.schedule.MisfirePolicy;
import dev.kiln.portal.schedule.OverlapPolicy;
import dev.kiln.portal.schedule.ScheduleDraft;
import dev.kiln.portal.schedule.ScheduleRefusedException;
import dev.kiln.portal.schedule.ScheduleService;
import dev.kiln.portal.user.ApiScope;
import dev.kiln.portal.user.ApiTokens;
import dev.kiln.portal.user.Role;
import dev.kiln.portal.user.UserService;
import dev.kiln.portal.webhook.WebhookService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Declared parameters through every door a trigger has: the REST API with a trigger-scope token, a
 * signed webhook delivery, and a schedule. Every reserved name is refused through each, naming it;
 * declared ones are checked against their choices or pattern, and refusals are audited by name.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeclaredParametersIT extends KilnSpringTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final JsonMapper json = JsonMapper.builder().build();

  @Autowired UserService users;
  @Autowired ProjectService projects;
  @Autowired ApiTokens tokens;
  @Autowired WebhookService webhooks;
  @Autowired ScheduleService schedules;
  @Autowired BuildService builds;
  @Autowired JdbcTemplate jdbc;
  @LocalServerPort int port;

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
  private String owner;
  private long project;
  private String key;

  static Stream<String> reservedNames() {
    return Stream.concat(
        EnvironmentPolicy.reservedNames().stream(), Stream.of("WEBHOOK_REF", "WEBHOOK_SHA"));
  }

  @BeforeAll
  void project() {
    owner = "params-" + UUID.randomUUID().toString().substring(0, 8);
    TestUsers.create(users, owner, "a long enough password", Role.MAINTAINER);
    project =
        as(
            owner,
            () -> {
              long id =
                  projects.create(
                      new ProjectDraft(
                          "params-" + UUID.randomUUID(),
                          "",
                          "local",
                          Map.of("kill-grace-seconds", "1"),
                          "printf '%s|%s|%s\\n' \"$CHANNEL\" \"$VERSION\" \"$NOTE\"\n",
                          List.of(),
                          Duration.ofMinutes(1)));
              projects.declareParameters(
                  id,
                  List.of(
                      new ParameterDeclaration(
                          "CHANNEL", "where it goes", "", List.of("stable", "beta"), null),
                      new ParameterDeclaration(
                          "VERSION", "", "0.0.0", List.of(), "[0-9]+\\.[0-9]+\\.[0-9]+"),
                      ParameterDeclaration.free("NOTE")));
              return id;
            });
    key = as(owner, () -> webhooks.createKey(project));
  }

  @ParameterizedTest
  @MethodSource("reservedNames")
  void aReservedNameIsRefusedThroughRest(String name) throws Exception {
    // A token per name: the API allows a token a few triggers a minute.
    String token = as(owner, () -> tokens.create("t", ApiScope.TRIGGER, 1).value());
    var response =
        rest(
            "POST",
            "/api/projects/" + project + "/builds",
            token,
            Map.of("parameters", Map.of(name, "x")));
    assertRefused(response, name);
  }

  @ParameterizedTest
  @MethodSource("reservedNames")
  void aReservedNameIsRefusedThroughASignedWebhook(String name) throws Exception {
    assertRefused(deliver(Map.of("parameters", Map.of(name, "x"))), name);
  }

  @ParameterizedTest
  @MethodSource("reservedNames")
  void aReservedNameIsRefusedInASchedule(String name) {
    assertThatThrownBy(
            () -> as(owner, () -> schedules.create(project, schedule(Map.of(name, "x")))))
        .isInstanceOfSatisfying(
            ScheduleRefusedException.class,
            e ->
                assertThat(e.problems())
                    .hasEntrySatisfying(
                        "parameters." + name, p -> assertThat(p).contains(name + " is reserved")));
  }

  @ParameterizedTest
  @MethodSource("reservedNames")
  void aReservedNameCannotBeDeclared(String name) throws Exception {
    String token = as(owner, () -> tokens.create("admin", ApiScope.ADMIN, 1).value());
    var response =
        rest(
            "PUT",
            "/api/projects/" + project + "/parameters",
            token,
            Map.of("parameters", List.of(Map.of("name", name))));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    assertThat(json.readTree(response.body()).get("fields").get("parameters[0].name").asString())
        .startsWith(name + " is reserved");
  }

  @Test
  void declaredValuesRunWithDefaultsAndBadValuesAreRefusedSayingWhatIsAllowed() throws Exception {
    String token = as(owner, () -> tokens.create("ci", ApiScope.TRIGGER, 1).value());
    String path = "/api/projects/" + project + "/builds";

    var refused =
        rest(
            "POST",
            path,
            token,
            Map.of("parameters", Map.of("CHANNEL", "nightly", "VERSION", "1.x")));
    assertThat(refused.statusCode()).isEqualTo(400);
    JsonNode fields = json.readTree(refused.body()).get("fields");
    assertThat(fields.get("CHANNEL").asString()).isEqualTo("CHANNEL: choose one of stable, beta.");
    assertThat(fields.get("VERSION").asString()).contains("must match the pattern");

    var accepted =
        rest(
            "POST",
            path,
            token,
            Map.of("parameters", Map.of("CHANNEL", "beta", "NOTE", "$(id) `id`")));
    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(201);
    long build = json.readTree(accepted.body()).get("id").asLong();
    await(
        "build " + build,
        Duration.ofSeconds(90),
        () -> as(owner, () -> builds.find(build)).orElseThrow().state().isFinal());
    assertThat(as(owner, () -> builds.find(build)).orElseThrow().state())
        .isEqualTo(BuildState.SUCCEEDED);
    assertThat(as(owner, () -> builds.parameters(build)))
        .containsExactly(
            Map.entry("CHANNEL", "beta"),
            Map.entry("NOTE", "$(id) `id`"),
            Map.entry("VERSION", "0.0.0"));
    assertThat(log(build)).contains("beta|0.0.0|$(id) `id`");
  }

  @Test
  void aWebhookGetsItsOwnVariablesBesideTheDeclaredParameters() throws Exception {
    var response =
        deliver(Map.of("ref", "refs/heads/main", "parameters", Map.of("VERSION", "2.0.1")));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    long build = json.readTree(response.body()).get("buildId").asLong();
    assertThat(as(owner, () -> builds.parameters(build)))
        .containsEntry("VERSION", "2.0.1")
        .containsEntry("CHANNEL", "stable")
        .containsEntry("WEBHOOK_REF", "refs/heads/main")
        .containsKey("WEBHOOK_DELIVERY");
  }

  @Test
  void refusalsAreAuditedWithTheirSourceAndNamesButNeverTheirValues() throws Exception {
    long other =
        as(
            owner,
            () ->
                projects.create(
                    new ProjectDraft(
                        "audited-" + UUID.randomUUID(),
                        "",
                        "local",
                        Map.of(),
                        "true\n",
                        List.of(),
                        Duration.ofMinutes(1))));
    String hookKey = as(owner, () -> webhooks.createKey(other));
    String token = as(owner, () -> tokens.create("audited", ApiScope.TRIGGER, 1).value());
    String value = "value-" + UUID.randomUUID();

    rest(
        "POST",
        "/api/projects/" + other + "/builds",
        token,
        Map.of("parameters", Map.of("BASH_ENV", value)));
    deliver(other, hookKey, Map.of("parameters", Map.of("LD_PRELOAD", value)));
    assertThatThrownBy(
            () -> as(owner, () -> schedules.create(other, schedule(Map.of("UNDECLARED", value)))))
        .isInstanceOf(ScheduleRefusedException.class);

    List<Map<String, Object>> rows =
        jdbc.queryForList(
            "select actor, detail from audit_log where project_id = ?"
                + " and action = 'build.parameters-refused' order by id",
            other);
    assertThat(rows).hasSize(3);
    assertThat(rows.get(0).get("detail").toString())
        .contains("api: " + owner + " (token audited)", "BASH_ENV");
    assertThat(rows.get(1)).containsEntry("actor", "webhook");
    assertThat(rows.get(1).get("detail").toString()).contains("webhook: ", "LD_PRELOAD");
    assertThat(rows.get(2).get("detail").toString()).contains("schedule nightly", "UNDECLARED");
    assertThat(
            jdbc.queryForObject(
                "select count(*) from audit_log where detail like ?",
                Long.class,
                "%" + value + "%"))
        .isZero();
  }

  @Test
  void aFloodOfRefusedTriggersIsNotAuditedOneByOne() throws Exception {
    long other =
        as(
            owner,
            () ->
                projects.create(
                    new ProjectDraft(
                        "flood-" + UUID.randomUUID(),
                        "",
                        "local",
                        Map.of(),
                        "true\n",
                        List.of(),
                        Duration.ofMinutes(1))));
    String hookKey = as(owner, () -> webhooks.createKey(other));
    int sent = 3 * RefusalAudit.PER_MINUTE;
    for (int i = 0; i < sent; i++) {
      assertRefused(
          deliver(other, hookKey, Map.of("parameters", Map.of("BASH_ENV", "x" + i))), "BASH_ENV");
    }
    // The loop spans at most two minutes of the clock, each recording at most the limit.
    assertThat(
            jdbc.queryForObject(
                "select count(*) from audit_log where project_id = ? and action = ?",
                Long.class,
                other,
                "build.parameters-refused"))
        .isBetween(1L, 2L * RefusalAudit.PER_MINUTE);
  }

  private static ScheduleDraft schedule(Map<String, String> parameters) {
    return new ScheduleDraft(
        "nightly", "H 3 * * *", "UTC", true, MisfirePolicy.SKIP, OverlapPolicy.SKIP, parameters);
  }

  private String log(long build) {
    try (var in = as(owner, () -> builds.openLog(build))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void assertRefused(HttpResponse<String> response, String name) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    JsonNode body = json.readTree(response.body());
    assertThat(body.get("error").asString()).isEqualTo("invalid_parameters");
    assertThat(body.get("message").asString()).contains(name);
    assertThat(body.get("fields").get(name).asString())
        .contains(name + " is not a parameter of this project")
        .contains(name + " is reserved");
  }

  private HttpResponse<String> rest(String method, String path, String token, Object body)
      throws Exception {
    var request =
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
            .timeout(TIMEOUT)
            .method(method, HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)))
            .header("Content-Type", "application/json")
            .header("Authorization", "Bearer " + token)
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> deliver(Map<String, Object> payload) throws Exception {
    return deliver(project, key, payload);
  }

  private HttpResponse<String> deliver(long id, String signingKey, Map<String, Object> payload)
      throws Exception {
    var body = new HashMap<>(payload);
    body.put(
        "nonce",
        UUID.randomUUID().toString()); // every body is new: a replayed one is refused first
    byte[] bytes = json.writeValueAsBytes(body);
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(signingKey.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    var request =
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/hooks/projects/" + id))
            .timeout(TIMEOUT)
            .header("Content-Type", "application/json")
            .header("X-GitHub-Event", "push")
            .header("X-GitHub-Delivery", UUID.randomUUID().toString())
            .header("X-Hub-Signature-256", "sha256=" + HexFormat.of().formatHex(mac.doFinal(bytes)))
            .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static <T> T as(String username, Supplier<T> call) {
    return as(username, List.of("ROLE_MAINTAINER"), call);
  }
}
