package dev.kiln.portal.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.portal.FinishedBuilds;
import dev.kiln.portal.KilnSpringTest;
import dev.kiln.portal.TestUsers;
import dev.kiln.portal.build.BuildService;
import dev.kiln.portal.build.Revision;
import dev.kiln.portal.build.Trigger;
import dev.kiln.portal.git.TestCommit;
import dev.kiln.portal.git.TestRepo;
import dev.kiln.portal.git.TestRepos;
import dev.kiln.portal.project.ProjectDraft;
import dev.kiln.portal.project.ProjectService;
import dev.kiln.portal.project.ProjectSource;
import dev.kiln.portal.user.ApiScope;
import dev.kiln.portal.user.ApiTokens;
import dev.kiln.portal.user.Role;
import dev.kiln.portal.user.UserService;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A project's builds over real HTTP: filters, pages, the commit in each build, and refusals. */
class BuildListApiIT extends KilnSpringTest {

  private static final String USER = "build-list-api";

  /** A real commit of a local repository, whose SHA starts with c0ffe. */
  private static String SHA;

  private static TestRepos repos;
  private static TestRepo repo;

  @BeforeAll
  static void commit() throws IOException, InterruptedException {
    repos = TestRepos.create();
    repo = repos.create("listed");
    SHA =
        repo.commitStartingWith(
            "main",
            TestCommit.of("Fix", Instant.parse("2026-12-01T10:00:00Z")).file("a", "1\n"),
            "c0ffe");
  }

  @AfterAll
  static void removeRepository() throws IOException {
    repos.close();
  }

  private static final JsonMapper json = JsonMapper.builder().build();

  @Autowired UserService users;
  @Autowired ApiTokens tokens;
  @Autowired ProjectService projects;
  @Autowired BuildService builds;
  @LocalServerPort int port;

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20)).build();

  @Test
  void listsFiltersAndPagesTheProjectsBuildsWithTheirCommits() throws Exception {
    TestUsers.create(users, USER, "a long enough password", Role.MAINTAINER);
    var maintainer = List.of("ROLE_MAINTAINER");
    long project = as(USER, maintainer, () -> projects.create(draft().withSource(repository())));
    var pushed =
        new Revision(
            null,
            "refs/heads/main",
            SHA,
            "Fix <b>the</b> wheels",
            "Ada <ada@example.org>",
            Instant.parse("2026-12-01T10:00:00Z"));
    List<Long> ids = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      var trigger =
          (i == 1 ? Trigger.api(USER, "ci") : Trigger.manual(USER))
              .withRevision(i == 2 ? Revision.requested("v9") : pushed);
      ids.add(as(USER, maintainer, () -> projects.runNow(project, trigger)));
    }
    ids.forEach(id -> as(USER, maintainer, () -> FinishedBuilds.awaitFinal(builds, id)));
    String token = as(USER, maintainer, () -> tokens.create("list", ApiScope.READ, 1).value());
    String path = "/api/projects/" + project + "/builds";

    JsonNode all = get(path, token, 200);
    assertThat(numbers(all)).containsExactly(3, 2, 1);
    assertThat(all.get("hasNext").asBoolean()).isFalse();
    JsonNode first = all.get("builds").get(2);
    assertThat(first.get("ref").asString()).isEqualTo("refs/heads/main");
    assertThat(first.get("commit").asString()).isEqualTo(SHA);
    assertThat(first.get("commitSubject").asString()).isEqualTo("Fix <b>the</b> wheels");
    assertThat(first.get("commitAuthor").asString()).isEqualTo("Ada <ada@example.org>");
    assertThat(first.get("commitTime").asString()).isEqualTo("2026-12-01T10:00:00Z");
    assertThat(first.get("parameters").isObject()).isTrue();
    assertThat(first.get("rebuildOf").isNull()).isTrue();
    assertThat(all.get("builds").get(0).get("ref").asString())
        .as("an unresolved build shows the ref it asked for")
        .isEqualTo("v9");
    assertThat(all.get("builds").get(0).get("commit").isNull()).isTrue();

    assertThat(numbers(get(path + "?trigger=api", token, 200))).containsExactly(2);
    assertThat(numbers(get(path + "?commit=C0FFE", token, 200))).containsExactly(2, 1);
    assertThat(numbers(get(path + "?ref=main&state=succeeded", token, 200))).containsExactly(2, 1);
    assertThat(numbers(get(path + "?state=FAILED", token, 200))).isEmpty();
    JsonNode page = get(path + "?page=1&size=1", token, 200);
    assertThat(numbers(page)).containsExactly(2);
    assertThat(page.get("hasNext").asBoolean()).isTrue();
    assertThat(page.get("page").asLong()).isEqualTo(1);
    assertThat(page.get("size").asInt()).isEqualTo(1);
    assertThat(get(path + "?page=2&size=1", token, 200).get("hasNext").asBoolean()).isFalse();
    assertThat(get("/api/builds/" + ids.getFirst(), token, 200).get("commit").asString())
        .isEqualTo(SHA);

    for (var bad :
        Map.of(
                "state=bogus", "state",
                "trigger=nightly", "trigger",
                "commit=abc", "commit",
                "commit=zzzzzz", "commit",
                "size=201", "size",
                "size=0", "size",
                "page=-1", "page",
                "ref=a%07b", "ref")
            .entrySet()) {
      JsonNode refused = get(path + "?" + bad.getKey(), token, 400);
      assertThat(refused.get("error").asString()).isEqualTo("invalid_filter");
      assertThat(refused.get("fields").propertyNames())
          .as(bad.getKey())
          .containsExactly(bad.getValue());
    }
    JsonNode both = get(path + "?state=x&commit=y", token, 400);
    assertThat(both.get("fields").propertyNames()).containsExactly("state", "commit");
    assertThat(get(path + "?size=abc", token, 400).get("message").asString()).contains("size");
  }

  private static List<Integer> numbers(JsonNode page) {
    List<Integer> numbers = new ArrayList<>();
    page.get("builds").forEach(b -> numbers.add(b.get("number").asInt()));
    return numbers;
  }

  private JsonNode get(String path, String token, int status) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(20))
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(status);
    return json.readTree(response.body());
  }

  private static ProjectSource repository() {
    return ProjectSource.of(repo.path.toString(), "main");
  }

  private static ProjectDraft draft() {
    return new ProjectDraft(
        "build-list-api",
        "",
        "local",
        Map.of(),
        "echo built",
        List.of(),
        Duration.ofMinutes(10),
        List.of());
  }
}
