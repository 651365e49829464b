package dev.kiln.portal.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.portal.KilnSpringTest;
import dev.kiln.portal.build.BuildInfo;
import dev.kiln.portal.build.BuildService;
import dev.kiln.portal.build.BuildState;
import dev.kiln.portal.build.TriggerKind;
import dev.kiln.portal.project.ParameterDeclaration;
import dev.kiln.portal.project.ProjectMembers;
import dev.kiln.portal.project.ProjectService;
import dev.kiln.portal.project.ProjectSource;
import dev.kiln.portal.user.ApiScope;
import dev.kiln.portal.user.ApiTokens;
import dev.kiln.portal.user.UserService;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a script does to builds over real HTTP with real tokens: trigger a branch, tag or commit
 * with parameters, cancel, rebuild; and each refusal, named.
 */
class BuildActionsApiIT extends KilnSpringTest {

  private static final JsonMapper json = JsonMapper.builder().build();
  private static final String SHA = "0123456789abcdef0123456789abcdef01234567";

  @Autowired UserService users;
  @Autowired ApiTokens tokens;
  @Autowired ProjectService projects;
  @Autowired ProjectMembers members;
  @Autowired BuildService builds;
  @LocalServerPort int port;

  private ScriptCalls calls;
  private String owner;

  @BeforeEach
  void team() {
    calls = new ScriptCalls(port, users, tokens);
    owner = calls.token(calls.owner, ApiScope.TRIGGER);
  }

  @Test
  void aTagOrACommitIsQueuedWithItsParameters() throws Exception {
    long project =
        calls.project(
            projects,
            members,
            ScriptCalls.draft("echo $CHANNEL\n", List.of())
                .withSource(ProjectSource.of("https://git.invalid/app.git", "main"))
                .withParameters(List.of(ParameterDeclaration.free("CHANNEL"))));
    String path = "/api/projects/" + project + "/builds";
    var tagged =
        calls.send(
            "POST", path, owner, "{\"ref\": \"v1.2.0\", \"parameters\": {\"CHANNEL\": \"beta\"}}");
    assertThat(tagged.statusCode()).as(ScriptCalls.text(tagged)).isEqualTo(201);
    BuildInfo tag = build(json.readTree(tagged.body()).get("id").asLong());
    assertThat(tag.revision().requested()).isEqualTo("v1.2.0");
    assertThat(calls.asOwner(() -> builds.parameters(tag.id()))).containsEntry("CHANNEL", "beta");

    var committed = calls.send("POST", path, owner, "{\"commit\": \"" + SHA.toUpperCase() + "\"}");
    assertThat(committed.statusCode()).as(ScriptCalls.text(committed)).isEqualTo(201);
    assertThat(build(json.readTree(committed.body()).get("id").asLong()).revision().requested())
        .isEqualTo(SHA);

    var byDefault = calls.send("POST", path, owner, "{\"ref\": \"\"}");
    assertThat(build(json.readTree(byDefault.body()).get("id").asLong()).revision().requested())
        .isEqualTo("main");

    long before = calls.asOwner(() -> builds.countHistory(project));
    expectRefused(path, "{\"ref\": \"main\", \"commit\": \"" + SHA + "\"}", "ref", "commit");
    expectRefused(path, "{\"commit\": \"main\"}", "commit");
    expectRefused(path, "{\"commit\": \"abc\"}", "commit");
    expectRefused(path, "{\"ref\": \"--upload-pack=touch /tmp/pwned\"}", "ref");
    expectRefused(path, "{\"ref\": \"../x\"}", "ref");
    assertThat(calls.asOwner(() -> builds.countHistory(project))).isEqualTo(before);
  }

  @Test
  void aProjectWithoutRepositoryRefusesARefOrACommitByTheFieldSent() throws Exception {
    long project = calls.project(projects, members, ScriptCalls.draft("echo hi\n", List.of()));
    String path = "/api/projects/" + project + "/builds";
    expectRefused(path, "{\"ref\": \"main\"}", "ref");
    JsonNode commit = expectRefused(path, "{\"commit\": \"" + SHA + "\"}", "commit");
    assertThat(commit.get("fields").get("commit").asString()).contains("has no repository");
  }

  @Test
  void aRunningBuildIsCancelledOnceAndAnEndedOneIs409() throws Exception {
    long project = calls.project(projects, members, ScriptCalls.draft("sleep 300\n", List.of()));
    long id = calls.asOwner(() -> projects.runNow(project, "to cancel"));
    await("the build to run", Duration.ofMinutes(1), () -> build(id).state() == BuildState.RUNNING);
    String path = "/api/builds/" + id + "/cancel";

    assertThat(
            calls.send("POST", path, calls.token(calls.viewer, ApiScope.ADMIN), null).statusCode())
        .isEqualTo(403);
    assertThat(calls.send("POST", path, calls.token(calls.owner, ApiScope.READ), null).statusCode())
        .isEqualTo(403);
    assertThat(build(id).state()).isEqualTo(BuildState.RUNNING);

    var stopping = calls.send("POST", path, owner, null);
    assertThat(stopping.statusCode()).as(ScriptCalls.text(stopping)).isIn(200, 202);
    JsonNode body = json.readTree(stopping.body());
    assertThat(body.get("id").asLong()).isEqualTo(id);
    assertThat(body.get("message").asString()).isNotBlank();
    await("the build to stop", Duration.ofMinutes(1), () -> build(id).state().isFinal());
    assertThat(build(id).state()).isEqualTo(BuildState.CANCELLED);

    var again = calls.send("POST", path, owner, null);
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(json.readTree(again.body()).get("message").asString())
        .contains("has already ended (CANCELLED)");
    assertThat(calls.send("POST", "/api/builds/987654321/cancel", owner, null).statusCode())
        .isEqualTo(404);
  }

  @Test
  void anEndedBuildIsRebuiltAndLinked() throws Exception {
    long project = calls.project(projects, members, ScriptCalls.draft("echo hi\n", List.of()));
    BuildInfo ended = calls.ended(projects, builds, project);
    String path = "/api/builds/" + ended.id() + "/rebuild";

    assertThat(
            calls.send("POST", path, calls.token(calls.viewer, ApiScope.ADMIN), null).statusCode())
        .isEqualTo(403);
    assertThat(calls.send("POST", path, calls.token(calls.owner, ApiScope.READ), null).statusCode())
        .isEqualTo(403);
    assertThat(
            calls
                .send("POST", path, calls.token(calls.outsider, ApiScope.ADMIN), null)
                .statusCode())
        .isEqualTo(403);

    var rebuilt = calls.send("POST", path, owner, null);
    assertThat(rebuilt.statusCode()).as(ScriptCalls.text(rebuilt)).isEqualTo(201);
    long id = json.readTree(rebuilt.body()).get("id").asLong();
    assertThat(rebuilt.headers().firstValue("Location")).hasValue("/api/builds/" + id);
    assertThat(json.readTree(rebuilt.body()).get("rebuildOf").asLong()).isEqualTo(ended.id());
    BuildInfo again = build(id);
    assertThat(again.rebuildOf()).isEqualTo(ended.id());
    assertThat(again.triggerKind()).isEqualTo(TriggerKind.REBUILD);
    // A rebuild queues a build: it counts against the token's trigger limit, not the general one.
    var trigger = calls.send("POST", "/api/projects/" + project + "/builds", owner, null);
    assertThat(rebuilt.headers().firstValue("X-RateLimit-Limit"))
        .isEqualTo(trigger.headers().firstValue("X-RateLimit-Limit"));
    assertThat(
            calls
                .send("GET", "/api/builds/" + id, owner, null)
                .headers()
                .firstValue("X-RateLimit-Limit"))
        .isNotEqualTo(rebuilt.headers().firstValue("X-RateLimit-Limit"));

    long slow = calls.project(projects, members, ScriptCalls.draft("sleep 300\n", List.of()));
    long running = calls.asOwner(() -> projects.runNow(slow, "still running"));
    var early = calls.send("POST", "/api/builds/" + running + "/rebuild", owner, null);
    assertThat(early.statusCode()).isEqualTo(409);
    assertThat(json.readTree(early.body()).get("message").asString()).contains("has not ended yet");
    calls.asOwner(() -> builds.cancel(running, "test"));
    assertThat(calls.send("POST", "/api/builds/987654321/rebuild", owner, null).statusCode())
        .isEqualTo(404);
  }

  private JsonNode expectRefused(String path, String body, String... fields) throws Exception {
    var response = calls.send("POST", path, owner, body);
    assertThat(response.statusCode()).as(body + ": " + ScriptCalls.text(response)).isEqualTo(400);
    JsonNode error = json.readTree(response.body());
    assertThat(error.get("error").asString()).isEqualTo("invalid_parameters");
    List<String> named =
        json.convertValue(error.get("fields"), Map.class).keySet().stream()
            .map(String::valueOf)
            .toList();
    assertThat(named).as(body).containsExactlyInAnyOrder(fields);
    return error;
  }

  private BuildInfo build(long id) {
    return calls.asOwner(() -> builds.find(id)).orElseThrow();
  }
}
