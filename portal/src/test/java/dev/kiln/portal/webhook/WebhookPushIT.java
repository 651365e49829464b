package dev.kiln.portal.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.portal.KilnSpringTest;
import dev.kiln.portal.TestUsers;
import dev.kiln.portal.build.BuildInfo;
import dev.kiln.portal.build.BuildService;
import dev.kiln.portal.build.Revision;
import dev.kiln.portal.git.TestCommit;
import dev.kiln.portal.git.TestRepo;
import dev.kiln.portal.git.TestRepos;
import dev.kiln.portal.project.ProjectDraft;
import dev.kiln.portal.project.ProjectService;
import dev.kiln.portal.project.ProjectSource;
import dev.kiln.portal.user.Role;
import dev.kiln.portal.user.UserService;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Pushes to a project with a repository: exactly the pushed commit is built, as the signed payload
 * describes it; the project's branch and tag patterns decide whether a push builds; a deletion
 * builds nothing; and fields that would reach git are refused when malformed, naming the field.
 */
class WebhookPushIT extends KilnSpringTest {

  private static final AtomicInteger names = new AtomicInteger();
  private static TestRepos repos;
  private static TestRepo repo;
  private static String main;

  @Autowired UserService users;
  @Autowired ProjectService projects;
  @Autowired BuildService builds;
  @Autowired WebhookService webhooks;
  @Autowired JdbcTemplate jdbc;
  @LocalServerPort int port;

  private String owner;

  @BeforeAll
  static void repository() throws Exception {
    repos = TestRepos.create();
    repo = repos.create("pushed");
    main =
        repo.commit(
            "main",
            TestCommit.of("Fix the parser\n\nIt read one byte too far.", Instant.EPOCH)
                .by("Ada Lovelace", "ada@example.org")
                .file("README", "pushed\n"));
  }

  @AfterAll
  static void removeRepository() throws Exception {
    repos.close();
  }

  @Test
  void aPushBuildsExactlyThePushedCommitAsThePayloadDescribesIt() throws Exception {
    long project = project(List.of(), List.of());
    var answer = send(project, "push", push("refs/heads/main", main));
    BuildInfo build = as(owner, () -> builds.find(answer.buildId())).orElseThrow();

    assertThat(build.revision())
        .isEqualTo(
            new Revision(
                "main",
                "refs/heads/main",
                main,
                "Fix the parser",
                "Ada Lovelace <ada@example.org>",
                Instant.parse("2026-12-01T09:15:30Z")));
    assertThat(parameters(build.id()))
        .contains("\"WEBHOOK_SHA\":\"" + main + "\"", "\"WEBHOOK_REF\":\"refs/heads/main\"");
  }

  @Test
  void branchPatternsDecideWhichPushesBuildAndTheOthersAreRecordedAsIgnored() throws Exception {
    long project = project(List.of("main", "release/*"), List.of());
    long release = send(project, "push", push("refs/heads/release/1.2", main)).buildId();
    assertThat(as(owner, () -> builds.find(release)).orElseThrow().revision().ref())
        .isEqualTo("refs/heads/release/1.2");

    // * stops at /, as in artifact patterns: release/** would match this one.
    assertThat(send(project, "push", push("refs/heads/release/1.2/hotfix", main)).ignored())
        .startsWith("ignored: branch release/1.2/hotfix matches none of main, release/*");
    assertThat(send(project, "push", push("refs/heads/wip", main)).ignored())
        .startsWith("ignored: branch wip matches none of main, release/*");

    assertThat(buildCount(project)).isOne();
    var deliveries = as(owner, () -> webhooks.deliveries(project, 10));
    assertThat(deliveries).hasSize(3);
    assertThat(deliveries.stream().filter(d -> d.buildId() == null))
        .hasSize(2)
        .allSatisfy(d -> assertThat(d.summary()).contains("ignored: branch"));
  }

  @Test
  void aTagPushIsATagBuildAndTagPatternsFilterTags() throws Exception {
    repo.tag("v1.2", main);
    long project = project(List.of("main"), List.of("v*"));
    long tagged = send(project, "push", push("refs/tags/v1.2", main)).buildId();

    Revision revision = as(owner, () -> builds.find(tagged)).orElseThrow().revision();
    assertThat(revision.isTag()).isTrue();
    assertThat(revision.requested()).isEqualTo("v1.2");
    assertThat(revision.commit()).isEqualTo(main);
    assertThat(send(project, "push", push("refs/tags/nightly", main)).ignored())
        .startsWith("ignored: tag nightly matches none of v*");
    assertThat(buildCount(project)).isOne();
  }

  @Test
  void aPushThatDeletesABranchBuildsNothing() throws Exception {
    long project = project(List.of(), List.of());
    var deletion = push("refs/heads/gone", "0".repeat(40));
    deletion.put("deleted", true);
    deletion.remove("head_commit");
    assertThat(send(project, "push", deletion).ignored())
        .isEqualTo("ignored: the push deletes refs/heads/gone; nothing was built.");
    // A sender that only zeroes "after" deletes too.
    var zeros = push("refs/heads/gone-too", "0".repeat(40));
    assertThat(send(project, "push", zeros).ignored()).contains("deletes refs/heads/gone-too");
    assertThat(buildCount(project)).isZero();
  }

  @Test
  void fieldsThatWouldReachGitAreRefusedWhenMalformedNamingTheField() throws Exception {
    long project = project(List.of(), List.of());
    var crafted = send(project, "push", push("--upload-pack=touch /tmp/pwned", main));
    assertThat(crafted.refused("bad_ref").has("ref")).isTrue();
    var notHex = send(project, "push", push("refs/heads/main", "z" + main.substring(1)));
    assertThat(notHex.refused("bad_sha").has("after")).isTrue();
    var noAfter = push("refs/heads/main", main);
    noAfter.remove("after");
    assertThat(send(project, "push", noAfter).refused("bad_sha").has("after")).isTrue();
    var badTime = push("refs/heads/main", main);
    badTime.put("head_commit", Map.of("message", "x", "timestamp", "yesterday"));
    assertThat(send(project, "push", badTime).refused("bad_timestamp").has("head_commit.timestamp"))
        .isTrue();
    assertThat(buildCount(project)).isZero();
    assertThat(
            jdbc.queryForObject(
                "select count(*) from webhook_deliveries where project_id = ?",
                Long.class,
                project))
        .isZero();
  }

  /** A push as GitHub sends it, with the fields Kiln reads. */
  static Map<String, Object> push(String ref, String after) {
    var body = new HashMap<String, Object>();
    body.put("ref", ref);
    body.put("after", after);
    body.put("deleted", false);
    body.put(
        "head_commit",
        Map.of(
            "id",
            after,
            "message",
            "Fix the parser\n\nIt read one byte too far.",
            "timestamp",
            "2026-12-01T10:15:30+01:00",
            "author",
            Map.of("name", "Ada Lovelace", "email", "ada@example.org", "username", "ada")));
    body.put("pusher", Map.of("name", "ada"));
    body.put("sent", names.incrementAndGet()); // each body is acted on once
    return body;
  }

  private SignedDeliveries.Answer send(long project, String event, Object body) throws Exception {
    String key = as(owner, () -> webhooks.createKey(project));
    return new SignedDeliveries(port).deliver(project, key, event, body);
  }

  private String parameters(long build) {
    return jdbc.queryForObject(
        "select parameters_json from builds where id = ?", String.class, build);
  }

  private long buildCount(long project) {
    return jdbc.queryForObject(
        "select count(*) from builds where project_id = ?", Long.class, project);
  }

  private long project(List<String> branches, List<String> tags) {
    owner = "push-user-" + names.incrementAndGet();
    TestUsers.create(users, owner, "a long enough password", Role.MAINTAINER);
    var source = new ProjectSource(repo.path.toString(), "main", "", false, branches, tags, false);
    return as(
        owner,
        () ->
            projects.create(
                new ProjectDraft(
                    "push-" + names.incrementAndGet(),
                    "made by the push test",
                    "local",
                    Map.of("kill-grace-seconds", "1"),
                    "echo \"$KILN_GIT_COMMIT\"\n",
                    List.of(),
                    Duration.ofMinutes(1),
                    List.of(),
                    null,
                    0,
                    0,
                    List.of(),
                    source)));
  }

  private static <T> T as(String username, Supplier<T> call) {
    return as(username, List.of("ROLE_MAINTAINER"), call);
  }
}
