package dev.kiln.portal.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.portal.FinishedBuilds;
import dev.kiln.portal.KilnSpringTest;
import dev.kiln.portal.TestUsers;
import dev.kiln.portal.access.ProjectRole;
import dev.kiln.portal.build.BuildInfo;
import dev.kiln.portal.build.BuildService;
import dev.kiln.portal.build.SecretsApprovals;
import dev.kiln.portal.git.TestCommit;
import dev.kiln.portal.git.TestRepo;
import dev.kiln.portal.git.TestRepos;
import dev.kiln.portal.project.ProjectDraft;
import dev.kiln.portal.project.ProjectMembers;
import dev.kiln.portal.project.ProjectService;
import dev.kiln.portal.project.ProjectSource;
import dev.kiln.portal.project.Rebuilds;
import dev.kiln.portal.secret.SecretService;
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
import org.springframework.security.access.AccessDeniedException;

/**
 * Pull requests: built only when the project opted in, as {@code refs/pull/N/head} at the head
 * commit; those from forks get no secrets, which the build's own script shows, until an owner
 * approves that one commit.
 */
class PullRequestIT extends KilnSpringTest {

  private static final AtomicInteger names = new AtomicInteger();
  private static final String SECRET = "PR_TOKEN";
  private static final String SCRIPT =
      "if [ -n \"${PR_TOKEN+x}\" ]; then echo \"PR_TOKEN is set\"; else echo \"PR_TOKEN is absent\"; fi\n";
  private static TestRepos repos;
  private static TestRepo repo;
  private static String head;
  private static String newerHead;

  @Autowired UserService users;
  @Autowired ProjectService projects;
  @Autowired ProjectMembers members;
  @Autowired SecretService secrets;
  @Autowired BuildService builds;
  @Autowired Rebuilds rebuilds;
  @Autowired SecretsApprovals approvals;
  @Autowired WebhookService webhooks;
  @Autowired JdbcTemplate jdbc;
  @LocalServerPort int port;

  private String owner;

  @BeforeAll
  static void repository() throws Exception {
    repos = TestRepos.create();
    repo = repos.create("pulled");
    repo.commit("main", TestCommit.of("Start", Instant.EPOCH).file("README", "base\n"));
    head = repo.commit("feature", TestCommit.of("Change the build", Instant.EPOCH).file("b", "1"));
    newerHead = repo.commit("feature", TestCommit.of("Change more", Instant.EPOCH).file("b", "2"));
    // What GitHub serves for pull request 7: its head, fetchable from the base repository.
    repos.git.ok(repo.path, "update-ref", "refs/pull/7/head", newerHead);
  }

  @AfterAll
  static void removeRepository() throws Exception {
    repos.close();
  }

  @Test
  void aPullRequestBuildsNothingUnlessTheProjectOptedIn() throws Exception {
    long project = project(false);
    String message = send(project, pullRequest("opened", head, "acme/app")).ignored();
    assertThat(message).startsWith("ignored: pull requests do not build in this project");
    assertThat(buildCount(project)).isZero();
    assertThat(as(owner, () -> webhooks.deliveries(project, 5)))
        .singleElement()
        .satisfies(d -> assertThat(d.buildId()).isNull());
  }

  @Test
  void aPullRequestFromTheRepositoryItselfBuildsItsHeadWithSecrets() throws Exception {
    long project = project(true);
    long id = send(project, pullRequest("opened", head, "acme/app")).buildId();
    BuildInfo build = finished(id);
    assertThat(build.revision().requested()).isEqualTo("refs/pull/7/head");
    assertThat(build.revision().ref()).isEqualTo("refs/pull/7/head");
    assertThat(build.revision().commit()).isEqualTo(head);
    assertThat(log(id)).contains("PR_TOKEN is set").doesNotContain("PR_TOKEN is absent");
    // Closing it builds nothing.
    assertThat(send(project, pullRequest("closed", head, "acme/app")).ignored())
        .contains("only opened, synchronize and reopened build");
  }

  @Test
  void aForkGetsNoSecretsUntilAnOwnerApprovesThatOneCommit() throws Exception {
    long project = project(true);
    long fork = send(project, pullRequest("opened", head, "mallory/app")).buildId();
    finished(fork);
    assertThat(log(fork))
        .contains("PR_TOKEN is absent", "No secrets: this builds a pull request from a fork")
        .doesNotContain("PR_TOKEN is set");
    assertThat(secretUses(fork)).isZero();

    // A maintainer's plain Rebuild of it is still the fork's code: still no secrets.
    String maintainer = member(project, ProjectRole.MAINTAINER);
    long rebuilt = as(maintainer, () -> rebuilds.rebuild(fork, maintainer));
    finished(rebuilt);
    assertThat(log(rebuilt)).contains("PR_TOKEN is absent");

    // Only an owner approves.
    String viewer = member(project, ProjectRole.VIEWER);
    for (String notOwner : List.of(maintainer, viewer)) {
      assertThatThrownBy(() -> as(notOwner, () -> approvals.approve(fork)))
          .as(notOwner)
          .isInstanceOf(AccessDeniedException.class);
    }
    long approved = as(owner, () -> approvals.approve(fork));
    BuildInfo build = finished(approved);
    assertThat(build.revision().commit()).isEqualTo(head);
    assertThat(build.rebuildOf()).isEqualTo(fork);
    assertThat(build.secrets().approvedBy()).isEqualTo(owner);
    assertThat(log(approved)).contains("PR_TOKEN is set");
    assertThat(
            jdbc.queryForObject(
                "select count(*) from audit_log where action = 'build.secrets-approved'"
                    + " and target_id = ? and actor = ?",
                Long.class,
                String.valueOf(fork),
                owner))
        .isOne();

    // New commits on the pull request are new code: the approval does not carry over.
    long synchronize =
        send(project, pullRequest("synchronize", newerHead, "mallory/app")).buildId();
    finished(synchronize);
    assertThat(log(synchronize)).contains("PR_TOKEN is absent");
    // An approved build needs no approval.
    assertThatThrownBy(() -> as(owner, () -> approvals.approve(approved)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("was given its secrets");
  }

  @Test
  void onlyTheSignedRepositoryFieldsMakeAPullRequestTrustedAndOnlyWhenTheyAgree() throws Exception {
    long project = project(true);
    var sameNameOtherId = pullRequest("opened", head, "acme/app");
    pr(sameNameOtherId).put("head", head(head, Map.of("id", 99, "full_name", "acme/app")));
    var deletedFork = pullRequest("reopened", head, "acme/app");
    pr(deletedFork).put("head", new HashMap<>(Map.of("sha", head)));
    for (var body : List.of(sameNameOtherId, deletedFork)) {
      long id = send(project, body).buildId();
      finished(id);
      assertThat(log(id)).contains("PR_TOKEN is absent");
    }
  }

  @Test
  void aPullRequestWithAMalformedNumberOrHeadIsRefusedNamingTheField() throws Exception {
    long project = project(true);
    var badSha = pullRequest("opened", "not-a-sha", "acme/app");
    assertThat(send(project, badSha).refused("bad_sha").has("pull_request.head.sha")).isTrue();
    var badNumber = pullRequest("opened", head, "acme/app");
    badNumber.put("number", "7/../../heads/main");
    assertThat(send(project, badNumber).refused("bad_number").has("number")).isTrue();
    assertThat(buildCount(project)).isZero();
  }

  /** A pull request event as GitHub sends it, its head in {@code headRepo}, into acme/app. */
  private static Map<String, Object> pullRequest(String action, String sha, String headRepo) {
    var pr = new HashMap<String, Object>();
    pr.put("number", 7);
    pr.put(
        "head",
        head(sha, Map.of("id", headRepo.equals("acme/app") ? 1 : 2, "full_name", headRepo)));
    pr.put("base", Map.of("ref", "main", "repo", Map.of("id", 1, "full_name", "acme/app")));
    var body = new HashMap<String, Object>();
    body.put("action", action);
    body.put("number", 7);
    body.put("pull_request", pr);
    body.put("sender", Map.of("login", "contributor"));
    body.put("sent", names.incrementAndGet()); // each body is acted on once
    return body;
  }

  private static Map<String, Object> head(String sha, Map<String, Object> repo) {
    return new HashMap<>(Map.of("sha", sha, "ref", "feature", "repo", repo));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> pr(Map<String, Object> body) {
    return (Map<String, Object>) body.get("pull_request");
  }

  private SignedDeliveries.Answer send(long project, Object body) throws Exception {
    String key = as(owner, () -> webhooks.createKey(project));
    return new SignedDeliveries(port).deliver(project, key, "pull_request", body);
  }

  private BuildInfo finished(long build) {
    return as(owner, () -> FinishedBuilds.awaitFinal(builds, build));
  }

  private String log(long build) {
    return as(owner, () -> FinishedBuilds.log(builds, build));
  }

  private long secretUses(long build) {
    return jdbc.queryForObject(
        "select count(*) from audit_log where action = 'secret.used' and target_id = ?",
        Long.class,
        String.valueOf(build));
  }

  private long buildCount(long project) {
    return jdbc.queryForObject(
        "select count(*) from builds where project_id = ?", Long.class, project);
  }

  /**
   * A project of the test repository with a listed secret, made by a new maintainer who owns it.
   */
  private long project(boolean pullRequests) {
    owner = "pr-user-" + names.incrementAndGet();
    TestUsers.create(users, owner, "a long enough password", Role.MAINTAINER);
    var source =
        new ProjectSource(
            repo.path.toString(), "main", "", false, List.of(), List.of(), pullRequests);
    long project =
        as(
            owner,
            () ->
                projects.create(
                    new ProjectDraft(
                        "pr-" + names.incrementAndGet(),
                        "made by the pull request test",
                        "local",
                        Map.of("kill-grace-seconds", "1"),
                        SCRIPT,
                        List.of(),
                        Duration.ofMinutes(1),
                        List.of(SECRET),
                        null,
                        0,
                        0,
                        List.of(),
                        source)));
    as(owner, () -> secrets.create(project, SECRET, "", "s3cret-value-" + project));
    return project;
  }

  private String member(long project, ProjectRole role) {
    String name = "pr-user-" + names.incrementAndGet();
    TestUsers.create(users, name, "a long enough password", Role.VIEWER);
    as(owner, () -> members.add(project, name, role));
    return name;
  }

  private static <T> T as(String username, Supplier<T> call) {
    return as(username, List.of("ROLE_MAINTAINER"), call);
  }
}
