package dev.kiln.portal.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.portal.KilnSpringTest;
import dev.kiln.portal.TestUsers;
import dev.kiln.portal.project.InvalidProjectException;
import dev.kiln.portal.project.ProjectDraft;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the database would refuse is refused first, by field, with the limit; a constraint that
 * still fires is reported as what it is (a missing project is 404, not "a schedule with that name
 * exists"); and one that no check foresaw is a 500 with a correlation id found in the log.
 */
@ExtendWith(OutputCaptureExtension.class)
class ConstraintViolationsIT extends KilnSpringTest {

  private static final AtomicInteger names = new AtomicInteger();
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final JsonMapper json = JsonMapper.builder().build();

  /** Valid Unix cron of 250 characters: Mondays at 10:00, Monday listed 121 times. */
  private static final String EXPRESSION_250 = "0 10 * * 1" + ",1".repeat(120);

  /**
   * Minutes 0 to 40 at 10:00: 121 characters as written, 123 in Quartz's syntax (with seconds),
   * over its 120.
   */
  private static final String EXPRESSION_121 =
      String.join(",", IntStream.range(0, 41).mapToObj(String::valueOf).toList()) + " 10 * * *";

  @Autowired UserService users;
  @Autowired ApiTokens tokens;
  @Autowired ProjectService projects;
  @Autowired JdbcTemplate jdbc;
  @LocalServerPort int port;

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
  private String admin;
  private String token;
  private long project;

  @BeforeEach
  void adminWithAProject() {
    admin = "violations-" + names.incrementAndGet();
    TestUsers.create(users, admin, "a long enough password", Role.ADMIN);
    token = asAdmin(() -> tokens.create("violations", ApiScope.ADMIN, 1).value());
    project =
        asAdmin(
            () ->
                projects.create(
                    new ProjectDraft(
                        "violations-" + names.incrementAndGet(),
                        "",
                        "local",
                        Map.of(),
                        "echo hi\n",
                        List.of(),
                        Duration.ofMinutes(1))));
  }

  @Test
  void valuesTheColumnsCannotHoldAreRefusedByFieldWithTheLimit() {
    String schedules = "/api/projects/" + project + "/schedules";
    assertThat(EXPRESSION_250).hasSize(250);
    assertRefused(
        send("POST", schedules, Map.of("name", "long", "expression", EXPRESSION_250)),
        "expression",
        "Use at most 200 characters; this has 250.");
    assertThat(EXPRESSION_121).hasSize(121);
    assertRefused(
        send("POST", schedules, Map.of("name", "quartz", "expression", EXPRESSION_121)),
        "expression",
        "Quartz, which fires schedules, keeps at most 120 characters");
    assertRefused(
        send("POST", schedules, Map.of("name", "n".repeat(101), "expression", "0 3 * * *")),
        "name",
        "Use at most 100 characters; this has 101.");
    assertRefused(
        send("POST", schedules, "{\"name\": \"a\\ud800b\", \"expression\": \"0 3 * * *\"}"),
        "name",
        "half of a UTF-16 surrogate pair");
    assertThat(
            jdbc.queryForObject(
                "select count(*) from schedules where project_id = ?", Integer.class, project))
        .as("nothing saved")
        .isZero();

    String secrets = "/api/projects/" + project + "/secrets";
    var description =
        send(
            "POST",
            secrets,
            Map.of("name", "LONG", "description", "d".repeat(501), "value", "long enough"));
    assertRefused(description, "description", "Use at most 500 characters; this has 501.");
    assertThat(body(description).get("message").asString()).startsWith("Field 'description': ");
    assertRefused(
        send("POST", secrets, Map.of("name", "NUL", "value", "long\u0000enough")), "value", "NUL");
    assertThat(
            jdbc.queryForObject(
                "select count(*) from secrets where project_id = ?", Integer.class, project))
        .as("nothing saved")
        .isZero();
  }

  @Test
  void aMissingProjectIsNotFoundRatherThanANameClash() {
    long missing =
        jdbc.queryForObject("select coalesce(max(id), 0) + 1000 from projects", Long.class);
    var schedule =
        send(
            "POST",
            "/api/projects/" + missing + "/schedules",
            Map.of("name", "n", "expression", "0 3 * * *"));
    assertThat(schedule.statusCode()).as(schedule.body()).isEqualTo(404);
    assertThat(body(schedule).get("message").asString())
        .isEqualTo("Project " + missing + " does not exist.");
    var secret =
        send(
            "POST",
            "/api/projects/" + missing + "/secrets",
            Map.of("name", "S", "value", "long enough"));
    assertThat(secret.statusCode()).as(secret.body()).isEqualTo(404);
    assertThat(body(secret).get("message").asString())
        .isEqualTo("Project " + missing + " does not exist.");
  }

  @Test
  void aViolationNoCheckForesawIsAServerErrorWithAnIdInTheLog(CapturedOutput output) {
    String refused = "refused-by-test-" + names.incrementAndGet();
    jdbc.execute(
        "alter table schedules add constraint kiln_test_"
            + refused.replace('-', '_')
            + " check (name <> '"
            + refused
            + "')");
    try {
      var response =
          send(
              "POST",
              "/api/projects/" + project + "/schedules",
              Map.of("name", refused, "expression", "0 3 * * *"));
      assertThat(response.statusCode()).as(response.body()).isEqualTo(500);
      assertThat(response.headers().firstValue("Content-Type"))
          .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
      JsonNode error = body(response);
      String id = error.get("correlationId").asString();
      assertThat(id).matches("[A-Za-z0-9]{12}");
      assertThat(error.get("error").asString()).isEqualTo("internal_server_error");
      assertThat(error.get("message").asString())
          .contains(id)
          .doesNotContain("constraint", "schedule named");
      assertThat(output.getOut() + output.getErr())
          .contains("Unexpected error " + id)
          .contains("DataIntegrityViolationException");
    } finally {
      jdbc.execute("alter table schedules drop constraint kiln_test_" + refused.replace('-', '_'));
    }
  }

  @Test
  void aProjectWithTextTheDatabaseCannotStoreIsRefusedOnThatField() {
    assertThatThrownBy(
            () ->
                asAdmin(
                    () ->
                        projects.create(
                            new ProjectDraft(
                                "nul-" + names.incrementAndGet(),
                                "",
                                "local",
                                Map.of(),
                                "echo a\u0000b\n",
                                List.of(),
                                Duration.ofMinutes(1)))))
        .isInstanceOfSatisfying(
            InvalidProjectException.class,
            e ->
                assertThat(e.problems())
                    .containsOnlyKeys(InvalidProjectException.SCRIPT)
                    .hasEntrySatisfying(
                        InvalidProjectException.SCRIPT, m -> assertThat(m).contains("NUL")));
    assertThatThrownBy(
            () ->
                asAdmin(
                    () ->
                        projects.create(
                            new ProjectDraft(
                                "nul-" + names.incrementAndGet(),
                                "a\u0000b",
                                "local",
                                Map.of(),
                                "echo hi\n",
                                List.of(),
                                Duration.ofMinutes(1)))))
        .isInstanceOfSatisfying(
            InvalidProjectException.class,
            e -> assertThat(e.problems()).containsOnlyKeys(InvalidProjectException.DESCRIPTION));
    String emoji =
        "\uD83D\uDD25".repeat(100); // 100 characters to PostgreSQL, 200 UTF-16 units to Java
    long fits =
        asAdmin(
            () ->
                projects.create(
                    new ProjectDraft(
                        emoji,
                        "",
                        "local",
                        Map.of(),
                        "echo hi\n",
                        List.of(),
                        Duration.ofMinutes(1))));
    assertThat(asAdmin(() -> projects.find(fits)).orElseThrow().name()).isEqualTo(emoji);
    assertThatThrownBy(() -> asAdmin(() -> tokens.create("t".repeat(101), ApiScope.READ, 1)))
        .hasMessage("Use at most 100 characters; this has 101.");
  }

  private static void assertRefused(HttpResponse<String> response, String field, String message) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    assertThat(body(response).get("fields").get(field).asString())
        .as(response.body())
        .contains(message);
  }

  private static JsonNode body(HttpResponse<String> response) {
    return json.readTree(response.body());
  }

  private <T> T asAdmin(Supplier<T> call) {
    return as(admin, List.of("ROLE_ADMIN"), call);
  }

  private HttpResponse<String> send(String method, String path, Map<String, String> body) {
    return send(method, path, json.writeValueAsString(body));
  }

  private HttpResponse<String> send(String method, String path, String body) {
    var request =
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
            .timeout(TIMEOUT)
            .method(method, HttpRequest.BodyPublishers.ofString(body))
            .header("Content-Type", "application/json")
            .header("Authorization", "Bearer " + token)
            .build();
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
