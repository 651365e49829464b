package dev.kiln.portal.project;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.kiln.portal.KilnSpringTest;
import dev.kiln.portal.TestUsers;
import dev.kiln.portal.build.BuildInfo;
import dev.kiln.portal.build.BuildService;
import dev.kiln.portal.build.Revision;
import dev.kiln.portal.build.Trigger;
import dev.kiln.portal.build.TriggerKind;
import dev.kiln.portal.user.Role;
import dev.kiln.portal.user.UserService;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.test.context.support.WithMockUser;

/**
 * A project's repository: saved and read back as given, refused field by field when wrong, and what
 * its builds are asked to build.
 */
@WithMockUser(username = ProjectSourceIT.MAINTAINER, roles = "MAINTAINER")
class ProjectSourceIT extends KilnSpringTest {

  static final String MAINTAINER = "source-maintainer";

  @Autowired ProjectService projects;
  @Autowired BuildService builds;
  @Autowired UserService users;
  @Autowired Rebuilds rebuilds;

  @BeforeEach
  void maintainer() {
    if (users.idOf(MAINTAINER).isEmpty()) {
      TestUsers.create(users, MAINTAINER, "a long enough password", Role.MAINTAINER);
    }
  }

  @Test
  void theRepositoryIsSavedAndReadBackAsGiven() {
    var source =
        new ProjectSource(
            " https://git.example.org/group/app.git ",
            "develop",
            "DEPLOY_TOKEN",
            true,
            List.of("main", "release/**", " "),
            List.of("v*"),
            true);
    long id = projects.create(draft("source-saved", List.of()).withSource(source));
    ProjectSource read = projects.find(id).orElseThrow().source();
    assertThat(read.repository()).isEqualTo("https://git.example.org/group/app.git");
    assertThat(read.defaultBranch()).isEqualTo("develop");
    assertThat(read.credentialSecret()).isEqualTo("DEPLOY_TOKEN");
    assertThat(read.submodules()).isTrue();
    assertThat(read.branchPatterns()).containsExactly("main", "release/**");
    assertThat(read.tagPatterns()).containsExactly("v*");
    assertThat(read.pullRequests()).isTrue();
    assertThat(projects.draft(id).source()).isEqualTo(read);
  }

  @Test
  void aProjectWithoutRepositoryStaysWithout() {
    long id = projects.create(draft("source-none", List.of()));
    assertThat(projects.find(id).orElseThrow().source()).isEqualTo(ProjectSource.NONE);
  }

  @Test
  void eachWrongFieldIsNamedAndNothingIsSaved() {
    var bad =
        new ProjectSource(
            "ext::sh -c id", "--upload-pack=x", "", false, List.of("rel[ease"), List.of(), false);
    assertThat(problems(draft("source-bad", List.of()).withSource(bad)))
        .containsKeys("repository", "defaultBranch", "branchPatterns");
    var password = ProjectSource.of("https://me:pw@git.example.org/app.git", "main");
    assertThat(problems(draft("source-pw", List.of()).withSource(password)))
        .hasEntrySatisfying(
            "repository", m -> assertThat(m).contains("password").doesNotContain("pw@"));
    var traversal = ProjectSource.of("https://git.invalid/app.git", "../x");
    assertThat(problems(draft("source-dots", List.of()).withSource(traversal)))
        .containsKey("defaultBranch");
  }

  @Test
  void aRepositoryNeedsItsDefaultBranch() {
    assertThat(
            problems(
                draft("source-nobranch", List.of())
                    .withSource(ProjectSource.of("https://git.invalid/app.git", " "))))
        .hasEntrySatisfying("defaultBranch", m -> assertThat(m).contains("such as main"));
  }

  @Test
  void theCredentialIsNeverOneOfTheScriptsSecrets() {
    var source = ProjectSource.of("https://git.invalid/app.git", "main").withCredential("TOKEN");
    assertThat(problems(draft("source-shared", List.of("TOKEN")).withSource(source)))
        .hasEntrySatisfying(
            "credentialSecret", m -> assertThat(m).contains("also given to the build"));
    assertThat(
            problems(
                draft("source-lonely", List.of())
                    .withSource(ProjectSource.NONE.withCredential("TOKEN"))))
        .containsKey("credentialSecret");
  }

  @Test
  void aBuildAsksForTheDefaultBranchOrTheChosenRef() {
    long id =
        projects.create(
            draft("source-builds", List.of())
                .withSource(ProjectSource.of("https://git.invalid/app.git", "develop")));
    BuildInfo byDefault = build(projects.runNow(id, Trigger.manual(MAINTAINER)));
    assertThat(byDefault.revision().requested()).isEqualTo("develop");
    assertThat(byDefault.revision().resolved()).isFalse();
    assertThat(byDefault.repository()).isEqualTo("https://git.invalid/app.git");
    BuildInfo tagged =
        build(
            projects.runNow(
                id, Trigger.manual(MAINTAINER).withRevision(Revision.requested("v1.2"))));
    assertThat(tagged.revision().requested()).isEqualTo("v1.2");
  }

  @Test
  void aCraftedRefIsRefusedBeforeAnythingIsQueued() {
    long id =
        projects.create(
            draft("source-crafted", List.of())
                .withSource(ProjectSource.of("https://git.invalid/app.git", "main")));
    for (String ref : List.of("--upload-pack=touch /tmp/pwned", "../x", "-b")) {
      var e =
          catchThrowableOfType(
              InvalidParametersException.class,
              () ->
                  projects.runNow(
                      id, Trigger.manual(MAINTAINER).withRevision(Revision.requested(ref))));
      assertThat(e).as(ref).isNotNull();
      assertThat(e.problems()).containsKey("ref");
    }
    assertThat(builds.countHistory(id)).isZero();
  }

  @Test
  void aProjectWithoutRepositoryBuildsNoRef() {
    long id = projects.create(draft("source-noref", List.of()));
    var e =
        catchThrowableOfType(
            InvalidParametersException.class,
            () ->
                projects.runNow(
                    id, Trigger.manual(MAINTAINER).withRevision(Revision.requested("main"))));
    assertThat(e.problems())
        .hasEntrySatisfying("ref", m -> assertThat(m).contains("has no repository"));
  }

  @Test
  void rebuildBuildsTheSameCommitWithTheSameParametersLinkedBothWays() {
    long id =
        projects.create(
            draft("source-rebuild", List.of())
                .withSource(ProjectSource.of("https://git.invalid/app.git", "main")));
    var pushed =
        new Revision(
            "main",
            "refs/heads/main",
            "0123456789abcdef0123456789abcdef01234567",
            "Fix the wheels",
            "Ada <ada@example.org>",
            Instant.parse("2026-12-01T10:00:00Z"));
    long first = projects.runNow(id, Trigger.manual(MAINTAINER).withRevision(pushed));
    await("the first build ends", Duration.ofMinutes(2), () -> build(first).state().isFinal());
    long again = rebuilds.rebuild(first, MAINTAINER);
    BuildInfo rebuilt = build(again);
    assertThat(rebuilt.revision()).isEqualTo(pushed);
    assertThat(rebuilt.rebuildOf()).isEqualTo(first);
    assertThat(rebuilt.triggerKind()).isEqualTo(TriggerKind.REBUILD);
    assertThat(rebuilt.triggeredBy()).isEqualTo("rebuild of #1 by " + MAINTAINER);
    assertThat(builds.rebuiltAs(first)).extracting(BuildInfo::id).containsExactly(again);
  }

  private BuildInfo build(long id) {
    return builds.find(id).orElseThrow();
  }

  private Map<String, String> problems(ProjectDraft draft) {
    var e = catchThrowableOfType(InvalidProjectException.class, () -> projects.create(draft));
    assertThat(e).as("refused: " + draft.name()).isNotNull();
    assertThat(projects.count(draft.name())).as("nothing saved").isZero();
    return e.problems();
  }

  private static ProjectDraft draft(String name, List<String> secrets) {
    return new ProjectDraft(
        name, "", "local", Map.of(), "echo hi", List.of(), Duration.ofMinutes(10), secrets);
  }
}
