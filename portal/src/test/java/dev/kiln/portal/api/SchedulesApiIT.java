package dev.kiln.portal.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.portal.KilnSpringTest;
import dev.kiln.portal.TestUsers;
import dev.kiln.portal.access.ProjectRole;
import dev.kiln.portal.project.ParameterDeclaration;
import dev.kiln.portal.project.ProjectDraft;
import dev.kiln.portal.project.ProjectMembers;
import dev.kiln.portal.project.ProjectService;
import dev.kiln.portal.user.ApiScope;
import dev.kiln.portal.user.ApiTokens;
import dev.kiln.portal.user.Role;
import dev.kiln.portal.user.UserService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Schedules over real HTTP with API tokens: create, read, change, delete, their fires, and
 * refusals.
 */
class SchedulesApiIT extends KilnSpringTest {

  private static final AtomicInteger names = new AtomicInteger();
  private static final Duration TIMEOUT = Duration.ofSeconds(20);
  private static final JsonMapper json = JsonMapper.builder().build();

  @Autowired UserService users;
  @Autowired ApiTokens tokens;
  @Autowired ProjectService projects;
  @Autowired ProjectMembers members;
  @Autowired JdbcTemplate jdbc;
  @LocalServerPort int port;

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
  private String owner;

  @Test
  void aScheduleMadeOverRestFiresAndIsChangedAndDeleted() throws Exception {
    long project = project();
    // Every two seconds, which takes an admin.
    String token =
        as(
            user(Role.ADMIN),
            List.of("ROLE_ADMIN"),
            () -> tokens.create("ci", ApiScope.ADMIN, 1).value());
    String path = "/api/projects/" + project + "/schedules";

    Instant asked = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    var created =
        send(
            "POST",
            path,
            token,
            """
        {"name": "often", "expression": "*/2 * * * * ?", "overlap": "SKIP", "parameters": {"WHO": "cron"}}""");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    JsonNode schedule = json.readTree(created.body());
    long id = schedule.get("id").asLong();
    assertThat(created.headers().firstValue("Location")).hasValue(path + "/" + id);
    assertThat(schedule.get("timeZone").asString()).isEqualTo("UTC");
    assertThat(schedule.get("enabled").asBoolean()).isTrue();
    assertThat(schedule.get("misfire").asString()).isEqualTo("RUN_ONCE");
    assertThat(schedule.get("overlap").asString()).isEqualTo("SKIP");
    assertThat(schedule.get("parameters").get("WHO").asString()).isEqualTo("cron");
    assertThat(schedule.get("description").asString()).isNotBlank();
    assertThat(Instant.parse(schedule.get("nextFire").asString()))
        .isAfterOrEqualTo(asked)
        .isBefore(Instant.now().plusSeconds(3));

    JsonNode listed = json.readTree(send("GET", path, token, null).body());
    assertThat(listed).hasSize(1);
    assertThat(listed.get(0).get("name").asString()).isEqualTo("often");

    // Polled in the database, not over REST: the token's rate limit is for clients, not for this
    // loop.
    await(
        "a fire that queued a build",
        Duration.ofSeconds(30),
        () ->
            jdbc.queryForObject(
                    "select count(*) from schedule_fires where schedule_id = ? and build_id is not null",
                    Integer.class,
                    id)
                > 0);
    int recorded =
        jdbc.queryForObject(
            "select count(*) from schedule_fires where schedule_id = ?", Integer.class, id);
    JsonNode fires =
        json.readTree(send("GET", path + "/" + id + "/fires?limit=1000", token, null).body());
    assertThat(fires.size()).isGreaterThanOrEqualTo(recorded);
    JsonNode fire = fires.get(fires.size() - 1);
    assertThat(fire.get("buildId").isNull()).isFalse();
    assertThat(fire.get("node").asString()).isEqualTo("test-node");
    assertThat(fire.get("outcome").asString()).isNotBlank();

    var paused =
        send("PUT", path + "/" + id, token, "{\"expression\": \"0 3 * * *\", \"enabled\": false}");
    assertThat(paused.statusCode()).as(paused.body()).isEqualTo(200);
    JsonNode changed = json.readTree(paused.body());
    assertThat(changed.get("expression").asString()).isEqualTo("0 3 * * *");
    assertThat(changed.get("enabled").asBoolean()).isFalse();
    assertThat(changed.get("nextFire").isNull()).isTrue();
    assertThat(changed.get("name").asString()).as("left out, so kept").isEqualTo("often");
    assertThat(changed.get("overlap").asString()).isEqualTo("SKIP");

    assertThat(send("DELETE", path + "/" + id, token, null).statusCode()).isEqualTo(204);
    var gone = send("GET", path + "/" + id, token, null);
    assertThat(gone.statusCode()).isEqualTo(404);
    assertThat(json.readTree(gone.body()).get("error").asString()).isEqualTo("not_found");
    assertThat(json.readTree(send("GET", path, token, null).body())).isEmpty();
  }

  @Test
  void anInvalidScheduleIsRefusedByFieldAndNothingIsSaved() throws Exception {
    long project = project();
    String token = as(owner, () -> tokens.create("ci", ApiScope.ADMIN, 1).value());
    String path = "/api/projects/" + project + "/schedules";
    int triggersBefore = quartzTriggers();

    var badExpression =
        send("POST", path, token, "{\"name\": \"bad\", \"expression\": \"61 * * * *\"}");
    assertThat(badExpression.statusCode()).isEqualTo(400);
    JsonNode refused = json.readTree(badExpression.body());
    assertThat(refused.get("error").asString()).isEqualTo("invalid");
    assertThat(refused.get("fields").get("expression").asString()).isNotBlank();
    assertThat(refused.get("message").asString()).contains("not saved");

    var badZone =
        send(
            "POST",
            path,
            token,
            "{\"name\": \"bad\", \"expression\": \"0 3 * * *\", \"timeZone\": \"Mars/Olympus\"}");
    assertThat(badZone.statusCode()).isEqualTo(400);
    assertThat(json.readTree(badZone.body()).get("fields").has("timeZone")).isTrue();

    var noName = send("POST", path, token, "{\"expression\": \"0 3 * * *\"}");
    assertThat(noName.statusCode()).isEqualTo(400);
    assertThat(json.readTree(noName.body()).get("fields").has("name")).isTrue();

    var badPolicy =
        send(
            "POST",
            path,
            token,
            "{\"name\": \"bad\", \"expression\": \"0 3 * * *\", \"overlap\": \"MAYBE\"}");
    assertThat(badPolicy.statusCode()).isEqualTo(400);
    assertThat(json.readTree(badPolicy.body()).get("error").asString()).isEqualTo("bad_request");

    assertThat(json.readTree(send("GET", path, token, null).body())).isEmpty();
    assertThat(quartzTriggers()).isEqualTo(triggersBefore);

    long id =
        json.readTree(
                send("POST", path, token, "{\"name\": \"good\", \"expression\": \"0 3 * * *\"}")
                    .body())
            .get("id")
            .asLong();
    var badChange = send("PUT", path + "/" + id, token, "{\"expression\": \"every day\"}");
    assertThat(badChange.statusCode()).isEqualTo(400);
    assertThat(json.readTree(badChange.body()).get("fields").has("expression")).isTrue();
    assertThat(
            json.readTree(send("GET", path + "/" + id, token, null).body())
                .get("expression")
                .asString())
        .isEqualTo("0 3 * * *");
  }

  @Test
  void aTokenNeedsTheScopeAndTheRoleAndTheScheduleMustBeTheProjects() throws Exception {
    long project = project();
    String path = "/api/projects/" + project + "/schedules";
    String ownerToken = as(owner, () -> tokens.create("ci", ApiScope.ADMIN, 1).value());
    long id =
        json.readTree(
                send("POST", path, ownerToken, "{\"name\": \"n\", \"expression\": \"0 3 * * *\"}")
                    .body())
            .get("id")
            .asLong();
    String viewer = member(project, ProjectRole.VIEWER);
    String maintainer = member(project, ProjectRole.MAINTAINER);
    String body = "{\"name\": \"other\", \"expression\": \"0 4 * * *\"}";

    assertThat(
            send(
                    "GET",
                    path + "/" + id,
                    as(viewer, () -> tokens.create("r", ApiScope.READ, 1).value()),
                    null)
                .statusCode())
        .isEqualTo(200);
    assertThat(
            send(
                    "POST",
                    path,
                    as(viewer, () -> tokens.create("a", ApiScope.ADMIN, 1).value()),
                    body)
                .statusCode())
        .isEqualTo(403);
    assertThat(
            send(
                    "POST",
                    path,
                    as(maintainer, () -> tokens.create("t", ApiScope.TRIGGER, 1).value()),
                    body)
                .statusCode())
        .isEqualTo(403);
    String outsider = user(Role.MAINTAINER);
    assertThat(
            send(
                    "GET",
                    path,
                    as(outsider, () -> tokens.create("a", ApiScope.ADMIN, 1).value()),
                    null)
                .statusCode())
        .isEqualTo(403);
    assertThat(send("GET", path, null, null).statusCode()).isEqualTo(401);
    var byMaintainer =
        send(
            "POST",
            path,
            as(maintainer, () -> tokens.create("a", ApiScope.ADMIN, 1).value()),
            body);
    assertThat(byMaintainer.statusCode()).as(byMaintainer.body()).isEqualTo(201);

    long otherProject = project();
    String otherToken = as(owner, () -> tokens.create("ci", ApiScope.ADMIN, 1).value());
    var elsewhere =
        send("DELETE", "/api/projects/" + otherProject + "/schedules/" + id, otherToken, null);
    assertThat(elsewhere.statusCode())
        .as("a schedule through another project's path")
        .isEqualTo(404);
    assertThat(send("GET", path + "/" + id, ownerToken, null).statusCode()).isEqualTo(200);
  }

  @Test
  void aScheduleFiringMoreThanOnceAMinuteNeedsAnAdmin() throws Exception {
    long project = project();
    String path = "/api/projects/" + project + "/schedules";
    String maintainer = as(owner, () -> tokens.create("ci", ApiScope.ADMIN, 1).value());
    String admin =
        as(
            user(Role.ADMIN),
            List.of("ROLE_ADMIN"),
            () -> tokens.create("ci", ApiScope.ADMIN, 1).value());

    for (String often :
        List.of(
            "*/30 * * * * ?",
            "0,30 * * * * ?",
            "0-59 * * * * ?",
            "* * * * * ?",
            "0/59 * * * * ?",
            "H/20 * * * * ?",
            "H(0-29)/10 * * * * ?",
            "h/30 0 3 * * ?")) {
      var refused =
          send(
              "POST", path, maintainer, "{\"name\": \"often\", \"expression\": \"" + often + "\"}");
      assertThat(refused.statusCode()).as(often + ": " + refused.body()).isEqualTo(400);
      assertThat(json.readTree(refused.body()).get("fields").get("expression").asString())
          .as(often)
          .contains("only an admin may save a schedule that fires more often than once a minute");
    }
    for (String onceAMinute :
        List.of("H * * * * ?", "30 * * * * ?", "59/30 * * * * ?", "* * * * *")) {
      var created =
          send(
              "POST",
              path,
              maintainer,
              "{\"name\": \"minutely\", \"expression\": \"" + onceAMinute + "\"}");
      assertThat(created.statusCode()).as(onceAMinute + ": " + created.body()).isEqualTo(201);
      send(
          "DELETE",
          path + "/" + json.readTree(created.body()).get("id").asLong(),
          maintainer,
          null);
    }
    assertThat(json.readTree(send("GET", path, maintainer, null).body()))
        .as("nothing left over")
        .isEmpty();

    var byAdmin =
        send("POST", path, admin, "{\"name\": \"fast\", \"expression\": \"*/30 * * * * ?\"}");
    assertThat(byAdmin.statusCode()).as(byAdmin.body()).isEqualTo(201);
    String fast = path + "/" + json.readTree(byAdmin.body()).get("id").asLong();
    // The admin's approval stays with the expression: the maintainer may rename and pause it...
    assertThat(
            send("PUT", fast, maintainer, "{\"name\": \"renamed\", \"enabled\": false}")
                .statusCode())
        .isEqualTo(200);
    assertThat(send("PUT", fast, maintainer, "{\"enabled\": true}").statusCode()).isEqualTo(200);
    // ...but not make it fire as often another way, nor, once changed, back.
    var faster = send("PUT", fast, maintainer, "{\"expression\": \"*/20 * * * * ?\"}");
    assertThat(faster.statusCode()).as(faster.body()).isEqualTo(400);
    assertThat(json.readTree(faster.body()).get("fields").has("expression")).isTrue();
    assertThat(send("PUT", fast, maintainer, "{\"expression\": \"0 * * * * ?\"}").statusCode())
        .isEqualTo(200);
    assertThat(send("PUT", fast, maintainer, "{\"expression\": \"*/30 * * * * ?\"}").statusCode())
        .isEqualTo(400);
    JsonNode kept = json.readTree(send("GET", fast, maintainer, null).body());
    assertThat(kept.get("name").asString()).isEqualTo("renamed");
    assertThat(kept.get("expression").asString()).isEqualTo("0 * * * * ?");
    // Left enabled, it would queue a build every minute into the tests that share this context
    // (BuildQueueIT counted it as a third queued build).
    assertThat(send("DELETE", fast, maintainer, null).statusCode()).isEqualTo(204);
  }

  private int quartzTriggers() {
    return jdbc.queryForObject(
        "select count(*) from qrtz_triggers where sched_name = 'kiln-schedules'", Integer.class);
  }

  /** A project made by a new maintainer, who owns it. */
  private long project() {
    owner = user(Role.MAINTAINER);
    return as(
        owner,
        List.of("ROLE_MAINTAINER"),
        () -> {
          long id =
              projects.create(
                  new ProjectDraft(
                      "sched-api-" + names.incrementAndGet(),
                      "",
                      "local",
                      Map.of("kill-grace-seconds", "1"),
                      "echo hi\n",
                      List.of(),
                      Duration.ofMinutes(1)));
          projects.declareParameters(id, List.of(ParameterDeclaration.free("WHO")));
          return id;
        });
  }

  private String member(long project, ProjectRole role) {
    String name = user(Role.VIEWER);
    as(owner, List.of("ROLE_MAINTAINER"), () -> members.add(project, name, role));
    return name;
  }

  private String user(Role role) {
    String name = "sched-api-user-" + names.incrementAndGet();
    TestUsers.create(users, name, "a long enough password", role);
    return name;
  }

  private static <T> T as(String username, Supplier<T> call) {
    return as(username, List.of(), call);
  }

  private HttpResponse<String> send(String method, String path, String token, String body) {
    var request =
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
            .timeout(TIMEOUT)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body))
            .header("Accept", "application/json")
            .header("Content-Type", "application/json");
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
