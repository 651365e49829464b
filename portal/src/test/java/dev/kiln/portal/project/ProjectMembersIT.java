package dev.kiln.portal.project;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.portal.KilnSpringTest;
import dev.kiln.portal.TestUsers;
import dev.kiln.portal.access.ProjectRole;
import dev.kiln.portal.build.BuildService;
import dev.kiln.portal.secret.SecretService;
import dev.kiln.portal.user.Role;
import dev.kiln.portal.user.UserService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.domain.PageRequest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.access.AccessDeniedException;

/**
 * Project membership through the real services: who sees what, the last owner, and deleting a
 * project.
 */
class ProjectMembersIT extends KilnSpringTest {

  private static final AtomicInteger names = new AtomicInteger();

  @Autowired ProjectService projects;
  @Autowired ProjectMembers members;
  @Autowired BuildService builds;
  @Autowired SecretService secrets;
  @Autowired UserService users;
  @Autowired JdbcTemplate jdbc;

  @Value("${kiln.data-dir}")
  Path dataDir;

  @Test
  void theCreatorOwnsTheProjectAndOnlyMembersAndAdminsSeeIt() {
    String owner = user(Role.MAINTAINER);
    String outsider = user(Role.MAINTAINER);
    String admin = user(Role.ADMIN);
    long id = project(owner);
    String name = as(owner, Role.MAINTAINER, () -> projects.find(id)).orElseThrow().name();

    assertThat(as(owner, Role.MAINTAINER, () -> members.list(id)))
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.username()).isEqualTo(owner);
              assertThat(m.role()).isEqualTo(ProjectRole.OWNER);
            });
    assertThat(as(owner, Role.MAINTAINER, () -> projects.list(name, PageRequest.of(0, 10))))
        .hasSize(1);
    assertThat(as(admin, Role.ADMIN, () -> projects.list(name, PageRequest.of(0, 10)))).hasSize(1);
    assertThat(as(outsider, Role.MAINTAINER, () -> projects.list(name, PageRequest.of(0, 10))))
        .isEmpty();
    assertThat(as(outsider, Role.MAINTAINER, () -> projects.count(name))).isZero();
    assertThatThrownBy(() -> as(outsider, Role.MAINTAINER, () -> projects.find(id)))
        .isInstanceOf(AccessDeniedException.class);
    assertThatThrownBy(
            () -> as(outsider, Role.MAINTAINER, () -> builds.history(id, PageRequest.of(0, 10))))
        .isInstanceOf(AccessDeniedException.class);
  }

  @Test
  void aProjectAlwaysKeepsAnOwner() {
    String owner = user(Role.MAINTAINER);
    String second = user(Role.VIEWER);
    long id = project(owner);

    assertThatThrownBy(() -> as(owner, Role.MAINTAINER, () -> run(() -> members.remove(id, owner))))
        .isInstanceOf(InvalidMemberException.class)
        .hasMessageContaining("at least one owner");
    assertThatThrownBy(
            () ->
                as(
                    owner,
                    Role.MAINTAINER,
                    () -> run(() -> members.changeRole(id, owner, ProjectRole.VIEWER))))
        .isInstanceOf(InvalidMemberException.class)
        .hasMessageContaining("at least one owner");

    as(owner, Role.MAINTAINER, () -> members.add(id, second, ProjectRole.OWNER));
    as(second, Role.VIEWER, () -> run(() -> members.changeRole(id, owner, ProjectRole.VIEWER)));

    assertThat(as(second, Role.VIEWER, () -> members.list(id)))
        .extracting(MemberInfo::username, MemberInfo::role)
        .containsExactly(
            Tuple.tuple(second, ProjectRole.OWNER), Tuple.tuple(owner, ProjectRole.VIEWER));
    // Now a viewer in this project, whatever their system role: they may look but not edit or run.
    assertThatThrownBy(() -> as(owner, Role.MAINTAINER, () -> projects.runNow(id, "test")))
        .isInstanceOf(AccessDeniedException.class);
    assertThat(as(owner, Role.MAINTAINER, () -> projects.find(id))).isPresent();
    assertThat(
            jdbc.queryForList(
                "select action || ' ' || target_name || ' ' || detail from audit_log"
                    + " where project_id = ? and action like 'member.%' order by id",
                String.class, id))
        .containsExactly(
            "member.added " + second + " owner",
            "member.role-changed " + owner + " owner → viewer");
  }

  @Test
  void unknownUsersAndDoubleMembershipsAreRefusedWithTheReason() {
    String owner = user(Role.MAINTAINER);
    String other = user(Role.VIEWER);
    long id = project(owner);

    assertThatThrownBy(
            () ->
                as(
                    owner,
                    Role.MAINTAINER,
                    () -> members.add(id, "nobody-" + names.get(), ProjectRole.VIEWER)))
        .isInstanceOf(InvalidMemberException.class)
        .hasMessageContaining("There is no user named");
    as(owner, Role.MAINTAINER, () -> members.add(id, other.toUpperCase(), ProjectRole.VIEWER));
    assertThatThrownBy(
            () -> as(owner, Role.MAINTAINER, () -> members.add(id, other, ProjectRole.MAINTAINER)))
        .isInstanceOf(InvalidMemberException.class)
        .hasMessageContaining("already a member, as viewer");
    assertThatThrownBy(
            () -> as(other, Role.VIEWER, () -> members.add(id, owner, ProjectRole.VIEWER)))
        .as("a viewer may not manage members")
        .isInstanceOf(AccessDeniedException.class);
  }

  @Test
  void aRemovedMemberLosesAccessAtOnce() {
    String owner = user(Role.MAINTAINER);
    String member = user(Role.VIEWER);
    long id = project(owner);
    as(owner, Role.MAINTAINER, () -> members.add(id, member, ProjectRole.MAINTAINER));
    assertThat(as(member, Role.VIEWER, () -> projects.find(id))).isPresent();

    as(owner, Role.MAINTAINER, () -> run(() -> members.remove(id, member)));

    assertThatThrownBy(() -> as(member, Role.VIEWER, () -> projects.find(id)))
        .isInstanceOf(AccessDeniedException.class);
  }

  @Test
  void projectSecretsAreTheOwnersAndTheirNamesTheMaintainers() {
    String owner = user(Role.MAINTAINER);
    String maintainer = user(Role.MAINTAINER);
    String viewer = user(Role.VIEWER);
    long id = project(owner);
    as(owner, Role.MAINTAINER, () -> members.add(id, maintainer, ProjectRole.MAINTAINER));
    as(owner, Role.MAINTAINER, () -> members.add(id, viewer, ProjectRole.VIEWER));

    var secret =
        as(owner, Role.MAINTAINER, () -> secrets.create(id, "UPLOAD_KEY", "", "upload-key-value"));

    assertThat(as(maintainer, Role.MAINTAINER, () -> secrets.list(id)))
        .extracting(s -> s.name())
        .containsExactly("UPLOAD_KEY");
    assertThatThrownBy(
            () ->
                as(
                    maintainer,
                    Role.MAINTAINER,
                    () -> secrets.create(id, "OTHER", "", "other-value")))
        .isInstanceOf(AccessDeniedException.class);
    assertThatThrownBy(
            () ->
                as(
                    maintainer,
                    Role.MAINTAINER,
                    () -> secrets.replaceValue(secret.id(), "new-value")))
        .isInstanceOf(AccessDeniedException.class);
    assertThatThrownBy(() -> as(viewer, Role.VIEWER, () -> secrets.list(id)))
        .isInstanceOf(AccessDeniedException.class);
    assertThatThrownBy(() -> as(owner, Role.MAINTAINER, () -> secrets.list(null)))
        .as("global secrets are the admins'")
        .isInstanceOf(AccessDeniedException.class);
    as(owner, Role.MAINTAINER, () -> run(() -> secrets.delete(secret.id())));
    assertThat(as(owner, Role.MAINTAINER, () -> secrets.list(id))).isEmpty();
  }

  @Test
  void deletingAProjectRemovesItsBuildsAndTheirFilesButNotWhileOneRuns() throws Exception {
    String owner = user(Role.MAINTAINER);
    String maintainer = user(Role.VIEWER);
    long id = project(owner, "echo done > out.txt\n", List.of("out.txt"));
    as(owner, Role.MAINTAINER, () -> members.add(id, maintainer, ProjectRole.MAINTAINER));
    long finished = as(owner, Role.MAINTAINER, () -> projects.runNow(id, "test"));
    await(
        "the first build to end",
        Duration.ofSeconds(60),
        () ->
            as(owner, Role.MAINTAINER, () -> builds.find(finished))
                .orElseThrow()
                .state()
                .isFinal());
    Path files = dataDir.resolve("storage").resolve("builds").resolve(String.valueOf(finished));
    assertThat(files).as("stored log and artifacts").isDirectory();

    jdbc.update("update projects set script = 'sleep 30' where id = ?", id);
    long running = as(owner, Role.MAINTAINER, () -> projects.runNow(id, "test"));
    assertThatThrownBy(() -> as(owner, Role.MAINTAINER, () -> run(() -> projects.delete(id))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("1 build is queued or running");
    assertThatThrownBy(() -> as(maintainer, Role.VIEWER, () -> run(() -> projects.delete(id))))
        .as("maintainers may not delete")
        .isInstanceOf(AccessDeniedException.class);
    as(owner, Role.MAINTAINER, () -> builds.cancel(running, owner));
    await(
        "the second build to stop",
        Duration.ofSeconds(60),
        () ->
            as(owner, Role.MAINTAINER, () -> builds.find(running)).orElseThrow().state().isFinal());

    as(owner, Role.MAINTAINER, () -> run(() -> projects.delete(id)));

    assertThat(
            jdbc.queryForObject("select count(*) from builds where project_id = ?", Long.class, id))
        .isZero();
    assertThat(
            jdbc.queryForObject(
                "select count(*) from project_members where project_id = ?", Long.class, id))
        .isZero();
    assertThat(
            jdbc.queryForObject(
                "select actor from audit_log where action = 'project.deleted' and project_id = ?",
                String.class,
                id))
        .isEqualTo(owner);
    await("the stored files to go", Duration.ofSeconds(10), () -> !Files.exists(files));
    assertThatThrownBy(() -> as(owner, Role.MAINTAINER, () -> run(() -> projects.delete(id))))
        .as("no longer anyone's project")
        .isInstanceOf(AccessDeniedException.class);
    assertThatThrownBy(() -> as(user(Role.ADMIN), Role.ADMIN, () -> run(() -> projects.delete(id))))
        .isInstanceOf(NoSuchElementException.class);
  }

  private long project(String owner) {
    return project(owner, "echo hi\n", List.of());
  }

  private long project(String owner, String script, List<String> artifacts) {
    return as(
        owner,
        Role.MAINTAINER,
        () ->
            projects.create(
                new ProjectDraft(
                    "members-" + names.incrementAndGet(),
                    "",
                    "local",
                    Map.of("kill-grace-seconds", "1"),
                    script,
                    artifacts,
                    Duration.ofMinutes(1))));
  }

  private String user(Role role) {
    String name = "member-test-" + names.incrementAndGet();
    TestUsers.create(users, name, "a long enough password", role);
    return name;
  }

  private static Void run(Runnable call) {
    call.run();
    return null;
  }

  private static <T> T as(String username, Role role, Supplier<T> call) {
    return as(username, List.of("ROLE_" + role.name()), call);
  }
}
