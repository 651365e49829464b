package dev.kiln.portal.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.portal.KilnSpringTest;
import dev.kiln.portal.TestUsers;
import dev.kiln.portal.access.ProjectRole;
import dev.kiln.portal.build.BuildInfo;
import dev.kiln.portal.build.BuildService;
import dev.kiln.portal.build.BuildState;
import dev.kiln.portal.build.TriggerKind;
import dev.kiln.portal.project.ParameterDeclaration;
import dev.kiln.portal.project.ProjectDraft;
import dev.kiln.portal.project.ProjectMembers;
import dev.kiln.portal.project.ProjectService;
import dev.kiln.portal.user.ApiScope;
import dev.kiln.portal.user.ApiTokens;
import dev.kiln.portal.user.Role;
import dev.kiln.portal.user.UserAdministration;
import dev.kiln.portal.user.UserService;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.domain.PageRequest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The REST API over real HTTP: bearer tokens, scopes and roles, and the three endpoints. */
class ApiTokensIT extends KilnSpringTest {

  private static final AtomicInteger names = new AtomicInteger();
  private static final Duration TIMEOUT = Duration.ofSeconds(20);
  private static final JsonMapper json = JsonMapper.builder().build();

  @Autowired UserService users;
  @Autowired UserAdministration admin;
  @Autowired ApiTokens tokens;
  @Autowired ProjectService projects;
  @Autowired BuildService builds;
  @Autowired JdbcTemplate jdbc;
  @Autowired ProjectMembers members;

  @Autowired
  @Qualifier("requestMappingHandlerMapping")
  RequestMappingHandlerMapping mappings;

  private final List<String> owners = new ArrayList<>();
  @LocalServerPort int port;

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

  @Test
  void aReadTokenListsProjects() throws Exception {
    long project = project();
    String viewer = member(project, Role.VIEWER, ProjectRole.VIEWER);
    String token = as(viewer, () -> tokens.create("test", ApiScope.READ, 1).value());

    HttpResponse<String> response = send("GET", "/api/projects?size=500", token);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).contains("json"));
    JsonNode listed = findById(json.readTree(response.body()), project);
    assertThat(listed.get("name").asString()).startsWith("api-");
    assertThat(listed.get("builder").asString()).isEqualTo("local");
    assertThat(listed.has("script")).isFalse();
  }

  @Test
  void aTriggerTokenStartsABuildThatRunsToTheEnd() throws Exception {
    long project = project();
    String user = member(project, Role.MAINTAINER, ProjectRole.MAINTAINER);
    String token = as(user, () -> tokens.create("ci", ApiScope.TRIGGER, 7).value());

    HttpResponse<String> response = send("POST", "/api/projects/" + project + "/builds", token);

    assertThat(response.statusCode()).isEqualTo(201);
    long build = json.readTree(response.body()).get("id").asLong();
    assertThat(response.headers().firstValue("Location"))
        .hasValueSatisfying(location -> assertThat(location).endsWith("/api/builds/" + build));
    assertThat(as(user, () -> builds.find(build)).orElseThrow().triggeredBy())
        .isEqualTo("api: " + user + " (token ci)");
    await(
        "build " + build + " to end",
        Duration.ofSeconds(90),
        () -> as(user, () -> builds.find(build)).orElseThrow().state().isFinal());
    BuildInfo done = as(user, () -> builds.find(build)).orElseThrow();
    assertThat(done.state()).isEqualTo(BuildState.SUCCEEDED);

    JsonNode shown = json.readTree(send("GET", "/api/builds/" + build, token).body());
    assertThat(shown.get("state").asString()).isEqualTo("SUCCEEDED");
    assertThat(shown.get("exitCode").asInt()).isZero();
    assertThat(shown.get("projectId").asLong()).isEqualTo(project);
  }

  @Test
  void aTriggerWithParametersIsRecordedAndBadParametersQueueNothing() throws Exception {
    long project = project();
    String user = member(project, Role.MAINTAINER, ProjectRole.MAINTAINER);
    String token = as(user, () -> tokens.create("params", ApiScope.TRIGGER, 7).value());
    String path = "/api/projects/" + project + "/builds";

    var refused = sendJson(path, token, "{\"parameters\": {\"KILN_BUILD_ID\": \"1\"}}");
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.body()).contains("KILN_BUILD_ID is reserved");
    assertThat(as(user, () -> builds.countHistory(project))).isZero();

    as(
        owners.getLast(),
        List.of("ROLE_MAINTAINER"),
        () -> {
          projects.declareParameters(project, List.of(ParameterDeclaration.free("RELEASE")));
          return null;
        });
    var accepted = sendJson(path, token, "{\"parameters\": {\"RELEASE\": \"1.2.3\"}}");
    assertThat(accepted.statusCode()).isEqualTo(201);
    long build = json.readTree(accepted.body()).get("id").asLong();
    await(
        "build " + build + " to end",
        Duration.ofSeconds(90),
        () -> as(user, () -> builds.find(build)).orElseThrow().state().isFinal());
    JsonNode shown = json.readTree(send("GET", "/api/builds/" + build, token).body());
    assertThat(shown.get("trigger").asString()).isEqualTo("API");
    assertThat(shown.get("attempt").asInt()).isEqualTo(1);
    assertThat(as(user, () -> builds.find(build)).orElseThrow().triggerKind())
        .isEqualTo(TriggerKind.API);
  }

  @Test
  void aTokenNeedsTheScopeAndTheRole() throws Exception {
    long project = project();
    String trigger = "/api/projects/" + project + "/builds";
    String maintainer = member(project, Role.MAINTAINER, ProjectRole.MAINTAINER);
    String viewer =
        member(
            project,
            Role.MAINTAINER,
            ProjectRole.VIEWER); // the project role counts, not the system's
    assertForbidden(
        send("POST", trigger, as(maintainer, () -> tokens.create("r", ApiScope.READ, 1).value())));
    assertForbidden(
        send("POST", trigger, as(viewer, () -> tokens.create("t", ApiScope.TRIGGER, 1).value())));
    assertForbidden(
        send("POST", trigger, as(viewer, () -> tokens.create("a", ApiScope.ADMIN, 1).value())));
    assertForbidden(send("POST", trigger, token(Role.MAINTAINER, ApiScope.ADMIN))); // not a member
    assertThat(as(maintainer, () -> builds.countHistory(project))).isZero();
  }

  @Test
  void missingUnknownExpiredAndRevokedTokensAreRefused() throws Exception {
    String user = user(Role.MAINTAINER);
    String expired = as(user, () -> tokens.create("old", ApiScope.READ, 1).value());
    jdbc.update(
        "update api_tokens set expires_at = now() - interval '1 minute' where user_id ="
            + " (select id from users where username = ?) and name = 'old'",
        user);
    var revoked = as(user, () -> tokens.create("gone", ApiScope.READ, 1));
    as(
        user,
        () -> {
          tokens.revoke(revoked.token().id());
          return null;
        });

    assertUnauthorized(send("GET", "/api/projects", null));
    assertUnauthorized(send("GET", "/api/projects", "kiln_" + "x".repeat(40)));
    assertUnauthorized(send("GET", "/api/projects", "garbage"));
    assertUnauthorized(send("GET", "/api/projects", expired));
    assertUnauthorized(send("GET", "/api/projects", revoked.value()));
  }

  @Test
  @WithMockUser(roles = "ADMIN")
  void aDisabledUsersTokenIsRefused() throws Exception {
    String user = user(Role.MAINTAINER);
    String token = as(user, () -> tokens.create("ci", ApiScope.READ, 1).value());
    assertThat(send("GET", "/api/projects", token).statusCode()).isEqualTo(200);
    assertThat(as(user, tokens::mine))
        .singleElement()
        .satisfies(t -> assertThat(t.lastUsedAt()).isNotNull());
    long id =
        admin.list(PageRequest.of(0, 10_000)).stream()
            .filter(u -> u.username().equals(user))
            .findFirst()
            .orElseThrow()
            .id();
    admin.setEnabled(id, false);
    assertUnauthorized(send("GET", "/api/projects", token));
  }

  /**
   * A member named in fullwidth letters is the same member, compared as every look-up compares
   * names.
   */
  @Test
  void aMemberNamedInAnotherSpellingIsTheSameMember() throws Exception {
    long project = project();
    String member = member(project, Role.VIEWER, ProjectRole.VIEWER);
    String token = as(owners.getLast(), () -> tokens.create("owner", ApiScope.ADMIN, 1).value());
    String fullwidth =
        member
            .codePoints()
            .map(c -> c > ' ' && c < 127 ? c - 0x21 + 0xFF01 : c)
            .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
            .toString();

    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(
                        "http://localhost:"
                            + port
                            + "/api/projects/"
                            + project
                            + "/members/"
                            + URLEncoder.encode(fullwidth, StandardCharsets.UTF_8)))
                .timeout(TIMEOUT)
                .PUT(HttpRequest.BodyPublishers.ofString("{\"role\": \"MAINTAINER\"}"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token)
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(json.readTree(response.body()).get("username").asString()).isEqualTo(member);
    assertThat(as(owners.getLast(), () -> members.list(project)))
        .filteredOn(m -> m.username().equals(member))
        .singleElement()
        .satisfies(m -> assertThat(m.role()).isEqualTo(ProjectRole.MAINTAINER));
  }

  @Test
  void unknownBuildsAndProjectsAreNotFoundAndMalformedIdsAreBadRequests() throws Exception {
    HttpResponse<String> build =
        send("GET", "/api/builds/" + Long.MAX_VALUE, token(Role.VIEWER, ApiScope.READ));
    assertThat(build.statusCode()).isEqualTo(404);
    assertThat(json.readTree(build.body()).get("error").asString()).isEqualTo("not_found");
    HttpResponse<String> project =
        send(
            "POST",
            "/api/projects/" + Long.MAX_VALUE + "/builds",
            token(Role.ADMIN, ApiScope.TRIGGER));
    assertThat(project.statusCode()).isEqualTo(404);
    // Changes get no "not found" but from admins: a project created meanwhile would otherwise slip
    // past the check.
    assertForbidden(
        send(
            "POST",
            "/api/projects/" + Long.MAX_VALUE + "/builds",
            token(Role.MAINTAINER, ApiScope.TRIGGER)));
    HttpResponse<String> malformed =
        send("GET", "/api/builds/abc", token(Role.VIEWER, ApiScope.READ));
    assertThat(malformed.statusCode()).isEqualTo(400);
    assertThat(json.readTree(malformed.body()).get("error").asString()).isEqualTo("bad_request");
    HttpResponse<String> nowhere = send("GET", "/api/nowhere", token(Role.VIEWER, ApiScope.READ));
    assertThat(nowhere.statusCode()).isEqualTo(404);
    assertThat(json.readTree(nowhere.body()).get("error").asString()).isEqualTo("not_found");
  }

  @Test
  void theOpenApiDescriptionNeedsNoToken() throws Exception {
    HttpResponse<String> response = send("GET", "/api/openapi.json", null);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(json.readTree(response.body()).get("paths").has("/api/builds/{id}")).isTrue();
  }

  @Test
  void theOpenApiDescriptionDescribesEveryEndpoint() throws Exception {
    JsonNode paths = json.readTree(send("GET", "/api/openapi.json", null).body()).get("paths");
    List<String> endpoints = new ArrayList<>();
    mappings
        .getHandlerMethods()
        .keySet()
        .forEach(
            info ->
                info.getPatternValues().stream()
                    .filter(
                        path ->
                            path.startsWith("/api/")
                                && !path.contains("**")) // "**" answers unknown paths
                    .forEach(
                        path ->
                            info.getMethodsCondition()
                                .getMethods()
                                .forEach(
                                    method ->
                                        endpoints.add(
                                            method.name().toLowerCase()
                                                // Spring's {*path} takes the rest of the path,
                                                // slashes included; OpenAPI writes it {path}
                                                + " "
                                                + path.replace("{*", "{")))));
    assertThat(endpoints).hasSizeGreaterThan(10);
    assertThat(endpoints)
        .allSatisfy(
            endpoint -> {
              String[] parts = endpoint.split(" ");
              assertThat(paths.has(parts[1]) && paths.get(parts[1]).has(parts[0]))
                  .as(endpoint + " in the description")
                  .isTrue();
            });
  }

  @Test
  void theDatabaseKeepsNoTokenInClear() {
    String user = user(Role.VIEWER);
    var created = as(user, () -> tokens.create("stored", ApiScope.READ, 30));
    assertThat(created.value()).matches("kiln_[0-9A-Za-z]{40}");
    List<Map<String, Object>> rows = jdbc.queryForList("select * from api_tokens");
    assertThat(rows).isNotEmpty();
    assertThat(rows)
        .allSatisfy(
            row ->
                assertThat(row.values())
                    .noneMatch(
                        v ->
                            v != null
                                && v.toString()
                                    .contains(
                                        created.value().substring(ApiTokens.PREFIX.length()))));
    assertThat(as(user, tokens::mine))
        .singleElement()
        .satisfies(t -> assertThat(t.name()).isEqualTo("stored"));
  }

  /** A project made by a maintainer, who owns it: creating projects needs that role. */
  private long project() {
    String owner = user(Role.MAINTAINER);
    owners.add(owner);
    return as(
        owner,
        List.of("ROLE_MAINTAINER"),
        () ->
            projects.create(
                new ProjectDraft(
                    "api-" + names.incrementAndGet(),
                    "made by the API test",
                    "local",
                    Map.of("kill-grace-seconds", "1"),
                    "echo hi\n",
                    List.of(),
                    Duration.ofMinutes(1))));
  }

  /** A new user with the system role, made a member of the (last made) project by its owner. */
  private String member(long project, Role role, ProjectRole inProject) {
    String name = user(role);
    as(owners.getLast(), () -> members.add(project, name, inProject));
    return name;
  }

  private String user(Role role) {
    String name = "api-user-" + names.incrementAndGet();
    TestUsers.create(users, name, "a long enough password", role);
    return name;
  }

  private String token(Role role, ApiScope scope) {
    return as(user(role), () -> tokens.create("test", scope, 1).value());
  }

  private static <T> T as(String username, Supplier<T> call) {
    return as(username, List.of(), call);
  }

  private HttpResponse<String> send(String method, String path, String token)
      throws IOException, InterruptedException {
    var request =
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
            .timeout(TIMEOUT)
            .method(method, HttpRequest.BodyPublishers.noBody())
            .header("Accept", "application/json");
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> sendJson(String path, String token, String body)
      throws IOException, InterruptedException {
    var request =
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
            .timeout(TIMEOUT)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .header("Authorization", "Bearer " + token);
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode findById(JsonNode array, long id) {
    for (JsonNode node : array) {
      if (node.get("id").asLong() == id) {
        return node;
      }
    }
    throw new AssertionError("no project " + id + " in " + array);
  }

  private static void assertUnauthorized(HttpResponse<String> response) {
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate"))
        .hasValueSatisfying(challenge -> assertThat(challenge).startsWith("Bearer"));
    assertThat(json.readTree(response.body()).get("error").asString()).isEqualTo("unauthorized");
  }

  private static void assertForbidden(HttpResponse<String> response) {
    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(json.readTree(response.body()).get("error").asString()).isEqualTo("forbidden");
  }
}
