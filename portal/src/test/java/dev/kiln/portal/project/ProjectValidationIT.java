package dev.kiln.portal.project;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.kiln.portal.KilnSpringTest;
import dev.kiln.portal.TestUsers;
import dev.kiln.portal.access.ProjectRole;
import dev.kiln.portal.user.Role;
import dev.kiln.portal.user.UserService;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.security.test.context.support.WithMockUser;

/** Bad project input gets a message on the right field and saves nothing. */
@WithMockUser(
    username = ProjectValidationIT.MAINTAINER,
    roles = "MAINTAINER") // projects are created by maintainers
class ProjectValidationIT extends KilnSpringTest {

  static final String MAINTAINER = "validation-maintainer";
  static final String VIEWER = "validation-viewer";

  @Autowired ProjectService projects;
  @Autowired UserService users;
  @Autowired ProjectMembers members;

  /** A real user, so that they become the owner of what they create and may edit it. */
  @BeforeEach
  void maintainer() {
    if (users.idOf(MAINTAINER).isEmpty()) {
      TestUsers.create(users, MAINTAINER, "a long enough password", Role.MAINTAINER);
    }
  }

  @Test
  void emptyNameIsRefused() {
    assertThat(problems(draft("  ", "local", List.of())))
        .containsEntry("name", "Give the project a name.");
  }

  @Test
  void duplicateNameIsRefusedWhateverItsCase() {
    projects.create(draft("Wheels", "local", List.of()));
    assertThat(problems(draft("wHEELS", "local", List.of())))
        .containsEntry("name", "A project named 'wHEELS' already exists.");
  }

  @Test
  void invalidGlobIsRefusedWithTheReason() {
    assertThat(problems(draft("globs-1", "local", List.of("dist/*.whl", "dist/[abc"))))
        .hasEntrySatisfying(
            "artifactPatterns", m -> assertThat(m).startsWith("'dist/[abc' is not a valid glob"));
    assertThat(problems(draft("globs-2", "local", List.of("/etc/passwd"))))
        .hasEntrySatisfying("artifactPatterns", m -> assertThat(m).contains("is absolute"));
    assertThat(problems(draft("globs-3", "local", List.of("../secrets/*"))))
        .hasEntrySatisfying(
            "artifactPatterns", m -> assertThat(m).contains("leaves the workspace"));
  }

  @Test
  void patternsOverTheMatchersLimitsAreRefusedNamingTheLimit() {
    assertThat(problems(draft("limits-1", "local", List.of("dist/" + "x".repeat(300)))))
        .hasEntrySatisfying(
            "artifactPatterns",
            m -> assertThat(m).contains("305 characters; a pattern may have at most 256"));
    assertThat(problems(draft("limits-2", "local", List.of("*.txt", "*a".repeat(17)))))
        .hasEntrySatisfying(
            "artifactPatterns", m -> assertThat(m).contains("17 wildcards").contains("at most 16"));
    assertThat(problems(draft("limits-3", "local", List.of("*.{" + "a,".repeat(16) + "b}"))))
        .hasEntrySatisfying(
            "artifactPatterns",
            m -> assertThat(m).contains("17 alternatives").contains("at most 16"));
    assertThat(problems(draft("limits-4", "local", Collections.nCopies(51, "*.txt"))))
        .containsEntry(
            "artifactPatterns",
            "51 artifact patterns are too many; a project may have at most 50.");
    assertThat(problems(draft(" ", "local", List.of("**a**a**a**a**a**a**b"))))
        .as("the issue's pattern is within the limits: it no longer backtracks")
        .containsOnlyKeys("name");
  }

  @Test
  void aBuilderWithInstancesOrNoneAtAllCannotBeChosenByItsIdAlone() {
    assertThat(problems(draft("gha-1", "github-actions", List.of())))
        .containsEntry(
            "builder",
            "The GitHub Actions builder runs on instances an admin sets up. Choose one of its instances.");
    assertThat(problems(draft("nobody-1", "no-such-builder", List.of())))
        .containsEntry("builder", "Choose a builder.");
  }

  @Test
  void builderSettingsAreCheckedByTheSchemaAndTheBuilder() {
    var draft =
        new ProjectDraft(
            "settings-1",
            "",
            "local",
            Map.of("kill-grace-seconds", "soon"),
            "true",
            List.of(),
            Duration.ofMinutes(5));
    assertThat(problems(draft))
        .containsEntry("kill-grace-seconds", "Seconds to stop must be a whole number.");
  }

  @Test
  void timeoutMustBeBetweenOneSecondAndADay() {
    var tooLong =
        new ProjectDraft(
            "timeout-1", "", "local", Map.of(), "true", List.of(), Duration.ofHours(25));
    var zero =
        new ProjectDraft("timeout-2", "", "local", Map.of(), "true", List.of(), Duration.ZERO);
    assertThat(problems(tooLong)).containsKey("timeout");
    assertThat(problems(zero)).containsKey("timeout");
  }

  @Test
  void anEditBasedOnAnOldVersionIsRefusedAndLosesNothing() {
    long id = projects.create(draft("edited-twice", "local", List.of()));
    var opened = projects.find(id).orElseThrow().updatedAt();
    projects.update(id, opened, draft("edited-twice", "local", List.of("first/*")));

    var e =
        catchThrowableOfType(
            InvalidProjectException.class,
            () -> projects.update(id, opened, draft("edited-twice", "local", List.of("second/*"))));

    assertThat(e.problems())
        .containsEntry(
            "",
            "Someone else changed this project since you opened it."
                + " Reload the page to see their changes.");
    assertThat(projects.find(id).orElseThrow().artifactPatterns()).containsExactly("first/*");
  }

  @Test
  @WithMockUser(username = VIEWER, roles = "VIEWER")
  void viewersMayLookButNotCreateOrRun() {
    if (users.idOf(VIEWER).isEmpty()) {
      TestUsers.create(users, VIEWER, "a long enough password", Role.VIEWER);
    }
    List<String> maintainer = List.of("ROLE_MAINTAINER");
    long shared =
        as(
            MAINTAINER,
            maintainer,
            () -> projects.create(draft("viewer-shared", "local", List.of())));
    as(MAINTAINER, maintainer, () -> projects.create(draft("viewer-unshared", "local", List.of())));
    as(MAINTAINER, maintainer, () -> members.add(shared, VIEWER, ProjectRole.VIEWER));

    assertThat(projects.count("viewer-")).as("the one project they are a member of").isEqualTo(1);
    assertThat(projects.find(shared)).map(ProjectInfo::name).hasValue("viewer-shared");
    assertThatThrownBy(() -> projects.create(draft("viewer-made", "local", List.of())))
        .isInstanceOf(AuthorizationDeniedException.class);
    assertThatThrownBy(() -> projects.runNow(shared, "viewer"))
        .isInstanceOf(AuthorizationDeniedException.class);
    assertThat(projects.count("viewer-")).as("nothing made").isEqualTo(1);
  }

  private Map<String, String> problems(ProjectDraft draft) {
    long before = projects.count("");
    var e = catchThrowableOfType(InvalidProjectException.class, () -> projects.create(draft));
    assertThat(e).as("refused: " + draft.name()).isNotNull();
    assertThat(projects.count("")).as("nothing saved").isEqualTo(before);
    return e.problems();
  }

  private static ProjectDraft draft(String name, String builder, List<String> patterns) {
    return new ProjectDraft(
        name, "", builder, Map.of(), "echo hi", patterns, Duration.ofMinutes(10));
  }
}
