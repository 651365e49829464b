package dev.kiln.portal.project;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.kiln.portal.KilnSpringTest;
import dev.kiln.portal.TestUsers;
import dev.kiln.portal.access.ProjectRole;
import dev.kiln.portal.audit.AuditAction;
import dev.kiln.portal.audit.AuditFilter;
import dev.kiln.portal.audit.AuditLog;
import dev.kiln.portal.git.GitHttpServer;
import dev.kiln.portal.git.TestCommit;
import dev.kiln.portal.git.TestRepo;
import dev.kiln.portal.git.TestRepos;
import dev.kiln.portal.secret.SecretService;
import dev.kiln.portal.user.Role;
import dev.kiln.portal.user.UserService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.domain.PageRequest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;

/**
 * "Check access": a runner node (this all-roles test node) tries the repository with the opened
 * credential against a real git http-backend, answers in words, never with the credential; viewers
 * may not ask; every check is audited; and a check no runner answers ends after the bound.
 */
class RepositoryChecksIT extends KilnSpringTest {

  private static final String TOKEN = "check-token-5b1e9c0d";
  private static final AtomicInteger names = new AtomicInteger();

  private static TestRepos repos;
  private static GitHttpServer http;
  private static TestRepo app;
  private static String head;

  @Autowired RepositoryChecks checks;
  @Autowired RepositoryCheckRows rows;
  @Autowired ProjectService projects;
  @Autowired ProjectMembers members;
  @Autowired SecretService secrets;
  @Autowired UserService users;
  @Autowired AuditLog audit;
  @Autowired JdbcClient jdbc;
  @Autowired Clock clock;

  @BeforeAll
  static void servers() throws Exception {
    repos = TestRepos.create();
    http = GitHttpServer.start(repos, TOKEN);
    app = repos.create("checked");
    head = app.commit("main", TestCommit.of("First", Instant.parse("2026-01-02T03:04:05Z")));
    app.tag("v1", head);
  }

  @AfterAll
  static void stop() throws Exception {
    try (var a = repos;
        var b = http) {
      // both closed
    }
  }

  @Test
  void aRunnerOpensTheProjectsTokenAndSaysWhereTheBranchIs() {
    String owner = user(Role.MAINTAINER);
    long id = as(owner, Role.MAINTAINER, () -> projects.create(draft()));
    as(owner, Role.MAINTAINER, () -> secrets.create(id, "REPO_TOKEN", "", TOKEN));

    RepositoryAccess ok = check(owner, id, source(http.url(app), "main", "REPO_TOKEN"));
    assertThat(ok.reachable()).as(ok.words()).isTrue();
    assertThat(ok.words()).isEqualTo("OK: main is at " + head.substring(0, 7) + ".");

    RepositoryAccess missing = check(owner, id, source(http.url(app), "develop", "REPO_TOKEN"));
    assertThat(missing.reachable()).isFalse();
    assertThat(missing.words()).contains("'develop' is not in the repository");
  }

  @Test
  void wrongAddressesAndCredentialsAreExplainedWithoutTheCredential() {
    String admin = user(Role.ADMIN);
    as(admin, Role.ADMIN, () -> secrets.create(null, "WRONG_TOKEN", "", "wrong-" + TOKEN));
    as(admin, Role.ADMIN, () -> secrets.create(null, "RIGHT_TOKEN", "", TOKEN));

    RepositoryAccess refused = check(admin, null, source(http.url(app), "main", "WRONG_TOKEN"));
    assertThat(refused.words()).contains("refused the token");
    RepositoryAccess notGit =
        check(
            admin,
            null,
            source(http.url(app).replace("checked", "nothing-here"), "main", "RIGHT_TOKEN"));
    assertThat(notGit.words()).contains("is not a git repository");
    RepositoryAccess unknownHost =
        check(admin, null, source("https://no-such-host.invalid/team/app.git", "main", ""));
    assertThat(unknownHost.words()).contains("no-such-host.invalid", "is unknown");
    RepositoryAccess noSecret = check(admin, null, source(http.url(app), "main", "NO_SUCH_SECRET"));
    assertThat(noSecret.words())
        .isEqualTo(
            "Secret NO_SUCH_SECRET is not a global secret (a new project has no secrets of its own yet).");
    assertThat(List.of(refused, notGit, unknownHost, noSecret))
        .noneMatch(RepositoryAccess::reachable);

    for (String query :
        List.of(
            "select coalesce(string_agg(answer, ' '), '') from repository_checks",
            "select coalesce(string_agg(detail, ' '), '') from audit_log")) {
      assertThat(jdbc.sql(query).query(String.class).single()).as(query).doesNotContain(TOKEN);
    }
  }

  @Test
  void viewersMayNotCheckAndOthersCannotReadSomeonesAnswer() {
    String owner = user(Role.MAINTAINER);
    String viewer = user(Role.VIEWER);
    long id = as(owner, Role.MAINTAINER, () -> projects.create(draft()));
    as(owner, Role.MAINTAINER, () -> members.add(id, viewer, ProjectRole.VIEWER));
    ProjectSource source = source(http.url(app), "main", "");

    assertThatThrownBy(() -> as(viewer, Role.VIEWER, () -> checks.request(id, source)))
        .isInstanceOf(AccessDeniedException.class);
    assertThatThrownBy(() -> as(viewer, Role.VIEWER, () -> checks.request(null, source)))
        .isInstanceOf(AccessDeniedException.class);
    long mine = as(owner, Role.MAINTAINER, () -> checks.request(id, source));
    assertThatThrownBy(() -> as(viewer, Role.VIEWER, () -> checks.answer(mine)))
        .isInstanceOf(NoSuchElementException.class);
  }

  @Test
  void eachCheckIsAuditedWithWhoAndWhichProject() {
    String owner = user(Role.MAINTAINER);
    long id = as(owner, Role.MAINTAINER, () -> projects.create(draft()));
    check(owner, id, source(http.url(app), "main", ""));

    String admin = user(Role.ADMIN);
    var entries =
        as(
            admin,
            Role.ADMIN,
            () ->
                audit.list(
                    new AuditFilter(
                        owner, AuditAction.PROJECT_REPOSITORY_CHECKED, null, null, null),
                    PageRequest.of(0, 10)));
    assertThat(entries).hasSize(1);
    assertThat(entries.getFirst().projectId()).isEqualTo(id);
    assertThat(entries.getFirst().detail())
        .isEqualTo(http.url(app) + "; branch main; credential none");
  }

  @Test
  void aBadAddressIsRefusedOnItsFieldAndNothingIsAsked() {
    String admin = user(Role.ADMIN);
    var refused =
        catchThrowableOfType(
            InvalidProjectException.class,
            () ->
                as(
                    admin,
                    Role.ADMIN,
                    () -> checks.request(null, source("--upload-pack=id", "", ""))));
    assertThat(refused.problems()).containsKey(InvalidProjectException.REPOSITORY);
    var empty =
        catchThrowableOfType(
            InvalidProjectException.class,
            () -> as(admin, Role.ADMIN, () -> checks.request(null, ProjectSource.NONE)));
    assertThat(empty.problems())
        .containsEntry(InvalidProjectException.REPOSITORY, "Give the repository's address first.");
  }

  @Test
  void aCheckNoRunnerTookEndsAfterTheBoundInWords() {
    String admin = user(Role.ADMIN);
    ProjectSource source = source(http.url(app), "main", "");
    // Rows written as a web node writes them, but with no job: no runner will answer them.
    long fresh = rows.insert(null, source, admin, clock.instant());
    long old = rows.insert(null, source, admin, clock.instant().minus(Duration.ofSeconds(61)));

    assertThat(as(admin, Role.ADMIN, () -> checks.answer(fresh))).isEmpty();
    RepositoryAccess late = as(admin, Role.ADMIN, () -> checks.answer(old)).orElseThrow();
    assertThat(late.reachable()).isFalse();
    assertThat(late.words()).startsWith("No runner node answered within 60 s");
  }

  private RepositoryAccess check(String user, Long projectId, ProjectSource source) {
    Role role = projectId == null ? Role.ADMIN : Role.MAINTAINER;
    long id = as(user, role, () -> checks.request(projectId, source));
    var answer = new AtomicReference<RepositoryAccess>();
    await(
        "the answer to check " + id,
        Duration.ofSeconds(60),
        () ->
            as(user, role, () -> checks.answer(id))
                .map(
                    a -> {
                      answer.set(a);
                      return a;
                    })
                .isPresent());
    return answer.get();
  }

  private static ProjectSource source(String url, String branch, String credential) {
    return new ProjectSource(url, branch, credential, false, List.of(), List.of(), false);
  }

  private static ProjectDraft draft() {
    return new ProjectDraft(
        "checked-" + names.incrementAndGet(),
        "",
        "local",
        Map.of(),
        "echo hi",
        List.of(),
        Duration.ofMinutes(10));
  }

  private String user(Role role) {
    String name = "checker-" + names.incrementAndGet();
    TestUsers.create(users, name, "a long enough password", role);
    return name;
  }

  private static <T> T as(String username, Role role, Supplier<T> call) {
    return as(username, List.of("ROLE_" + role.name()), call);
  }
}
