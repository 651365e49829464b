package dev.kiln.portal.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.kiln.portal.FinishedBuilds;
import dev.kiln.portal.KilnSpringTest;
import dev.kiln.portal.TestUsers;
import dev.kiln.portal.git.TestCommit;
import dev.kiln.portal.git.TestRepo;
import dev.kiln.portal.git.TestRepos;
import dev.kiln.portal.project.ParameterDeclaration;
import dev.kiln.portal.project.ProjectDraft;
import dev.kiln.portal.project.ProjectService;
import dev.kiln.portal.project.ProjectSource;
import dev.kiln.portal.user.Role;
import dev.kiln.portal.user.UserService;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.access.AccessDeniedException;

/**
 * Finding a project's builds by state, branch or tag, trigger and commit, a page at a time; the
 * last build per project and per branch; and who may look. Four real builds of resolved commits
 * (given as a webhook push gives them), one of which fails.
 */
class BuildSearchIT extends KilnSpringTest {

  /** Real commits of a local repository; two share the prefix {@code aaaa}. */
  static String MAIN_1, MAIN_2, TAG, FEATURE;

  private static TestRepos repos;
  private static TestRepo repo;
  private static final AtomicInteger names = new AtomicInteger();

  @Autowired ProjectService projects;
  @Autowired BuildService builds;
  @Autowired BuildSearch search;
  @Autowired UserService users;

  private String maintainer;
  private long project;
  private long empty;

  @BeforeAll
  static void commits() throws IOException, InterruptedException {
    repos = TestRepos.create();
    repo = repos.create("search");
    Instant at = Instant.parse("2026-11-01T00:00:00Z");
    MAIN_1 = repo.commitStartingWith("main", TestCommit.of("First", at).file("a", "1\n"), "aaaa1");
    MAIN_2 = repo.commit("main", TestCommit.of("Second", at).file("a", "2\n"));
    TAG = repo.commit("release", TestCommit.of("Tagged", at).file("a", "3\n"));
    repo.tag("v1.0", TAG);
    FEATURE =
        repo.commitStartingWith(
            "feature/x", TestCommit.of("Feature", at).file("a", "4\n"), "aaaa4");
  }

  @AfterAll
  static void removeRepository() throws IOException {
    repos.close();
  }

  @BeforeEach
  void fourBuilds() {
    int n = names.incrementAndGet();
    maintainer = "search-" + n;
    TestUsers.create(users, maintainer, "a long enough password", Role.MAINTAINER);
    as(
        maintainer,
        List.of("ROLE_MAINTAINER"),
        () -> {
          project = projects.create(withRepository("search-" + n));
          empty = projects.create(withRepository("search-empty-" + n));
          for (long id :
              List.of(
                  queue(Trigger.manual(maintainer), "refs/heads/main", MAIN_1),
                  queue(
                      Trigger.api(maintainer, "ci").withParameters(Map.of("OUTCOME", "fail")),
                      "refs/heads/main",
                      MAIN_2),
                  queue(Trigger.manual(maintainer), "refs/tags/v1.0", TAG),
                  queue(Trigger.manual(maintainer), "refs/heads/feature/x", FEATURE))) {
            FinishedBuilds.awaitFinal(builds, id);
          }
          return null;
        });
  }

  @Test
  void eachFilterAndTheirCombinationsFindExactlyTheirBuilds() {
    as(
        maintainer,
        List.of("ROLE_MAINTAINER"),
        () -> {
          assertThat(numbers(BuildFilter.ANY, 0, 10)).containsExactly(4, 3, 2, 1);
          assertThat(numbers(filter("failed", null, null, null), 0, 10)).containsExactly(2);
          assertThat(numbers(filter("SUCCEEDED", null, null, null), 0, 10))
              .containsExactly(4, 3, 1);
          assertThat(numbers(filter(null, "main", null, null), 0, 10)).containsExactly(2, 1);
          assertThat(numbers(filter(null, "refs/heads/main", null, null), 0, 10))
              .containsExactly(2, 1);
          assertThat(numbers(filter(null, "v1.0", null, null), 0, 10))
              .as("a plain name that only a tag has")
              .containsExactly(3);
          assertThat(numbers(filter(null, "feature/x", null, null), 0, 10)).containsExactly(4);
          assertThat(numbers(filter(null, "nope", null, null), 0, 10)).isEmpty();
          assertThat(numbers(filter(null, null, "api", null), 0, 10)).containsExactly(2);
          assertThat(numbers(filter(null, null, null, "aaaa"), 0, 10)).containsExactly(4, 1);
          assertThat(numbers(filter(null, null, null, " AAAA1 "), 0, 10)).containsExactly(1);
          assertThat(numbers(filter(null, null, null, MAIN_2), 0, 10)).containsExactly(2);
          assertThat(numbers(filter(null, null, null, "aaab"), 0, 10)).isEmpty();
          assertThat(numbers(filter("succeeded", "main", "manual", "aaaa"), 0, 10))
              .containsExactly(1);
          assertThat(numbers(filter("failed", "main", "manual", null), 0, 10)).isEmpty();
          return null;
        });
  }

  @Test
  void pagesFollowEachOtherWithoutGapOrRepeat() {
    as(
        maintainer,
        List.of("ROLE_MAINTAINER"),
        () -> {
          assertThat(numbers(BuildFilter.ANY, 0, 3)).containsExactly(4, 3, 2);
          assertThat(numbers(BuildFilter.ANY, 3, 3)).containsExactly(1);
          assertThat(numbers(filter(null, "main", null, null), 1, 1)).containsExactly(1);
          assertThat(numbers(BuildFilter.ANY, 4, 3)).isEmpty();
          var found = search.search(project, BuildFilter.ANY, 1, 1).getFirst();
          assertThat(found.build().revision().commit()).isEqualTo(TAG);
          assertThat(found.build().revision().isTag()).isTrue();
          return null;
        });
  }

  @Test
  void theLastBuildOfEachProjectAndOfEachBranchAndTag() {
    as(
        maintainer,
        List.of("ROLE_MAINTAINER"),
        () -> {
          Map<Long, BuildInfo> last = search.lastOf(List.of(project, empty));
          assertThat(last).containsOnlyKeys(project);
          assertThat(last.get(project).number()).isEqualTo(4);
          assertThat(search.lastPerBranch(project))
              .extracting(b -> b.revision().refName() + "#" + b.number())
              .containsExactly("feature/x#4", "main#2");
          assertThat(search.lastPerTag(project, 3))
              .extracting(b -> b.revision().refName() + "#" + b.number())
              .containsExactly("v1.0#3");
          assertThat(search.lastPerBranch(empty)).isEmpty();
          assertThat(search.lastPerTag(empty, 3)).isEmpty();
          return null;
        });
  }

  @Test
  void aFilterThatCannotBeNamesEachFieldAtFault() {
    var e =
        catchThrowableOfType(
            InvalidBuildFilterException.class,
            () -> BuildFilter.parse("bogus", "ma\u0000in", "nightly", "xyz!"));
    assertThat(e.problems()).containsOnlyKeys("state", "ref", "trigger", "commit");
    assertThat(e.problems().get("state")).contains("'bogus'", "SUCCEEDED");
    assertThat(e.problems().get("trigger")).contains("'nightly'", "WEBHOOK");
    assertThat(e.problems().get("commit")).contains("hex");
    for (String tooShortOrLong : List.of("abc", "a".repeat(41), "--all", "a' or '1'='1")) {
      assertThat(
              catchThrowableOfType(
                      InvalidBuildFilterException.class,
                      () -> BuildFilter.parse(null, null, null, tooShortOrLong))
                  .problems())
          .as(tooShortOrLong)
          .containsOnlyKeys("commit");
    }
  }

  @Test
  void onlyMembersSeeAProjectsBuildsOrItsLastBuild() {
    String outsider = "search-outsider-" + names.incrementAndGet();
    TestUsers.create(users, outsider, "a long enough password", Role.MAINTAINER);
    as(
        outsider,
        List.of("ROLE_MAINTAINER"),
        () -> {
          assertThat(
                  catchThrowableOfType(
                      AccessDeniedException.class,
                      () -> search.search(project, BuildFilter.ANY, 0, 10)))
              .isNotNull();
          assertThat(
                  catchThrowableOfType(
                      AccessDeniedException.class, () -> search.lastOf(List.of(project))))
              .isNotNull();
          assertThat(
                  catchThrowableOfType(
                      AccessDeniedException.class, () -> search.lastPerBranch(project)))
              .isNotNull();
          return null;
        });
  }

  private List<Integer> numbers(BuildFilter filter, long offset, int limit) {
    return search.search(project, filter, offset, limit).stream()
        .map(m -> m.build().number())
        .toList();
  }

  private static BuildFilter filter(String state, String ref, String trigger, String commit) {
    return BuildFilter.parse(state, ref, trigger, commit);
  }

  private long queue(Trigger trigger, String ref, String sha) {
    var revision =
        new Revision(
            null,
            ref,
            sha,
            "Commit " + sha.substring(0, 8),
            "Ada <ada@example.org>",
            Instant.now());
    return projects.runNow(project, trigger.withRevision(revision));
  }

  private static ProjectDraft withRepository(String name) {
    return new ProjectDraft(
            name,
            "",
            "local",
            Map.of(),
            "test \"$OUTCOME\" != fail; echo built",
            List.of(),
            Duration.ofMinutes(10),
            List.of())
        .withParameters(List.of(ParameterDeclaration.free("OUTCOME")))
        .withSource(ProjectSource.of(repo.path.toString(), "main"));
  }
}
