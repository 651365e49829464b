package dev.kiln.portal.instance;

import static dev.kiln.portal.FinishedBuilds.awaitFinal;
import static dev.kiln.portal.FinishedBuilds.log;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.portal.KilnSpringTest;
import dev.kiln.portal.build.BuildInfo;
import dev.kiln.portal.build.BuildService;
import dev.kiln.portal.build.BuildState;
import dev.kiln.portal.instance.domain.BuilderInstance.Health;
import dev.kiln.portal.project.InvalidProjectException;
import dev.kiln.portal.project.ProjectDraft;
import dev.kiln.portal.project.ProjectService;
import dev.kiln.portal.secret.SecretService;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.test.context.support.WithMockUser;

/**
 * Admins set up named builder instances; a runner checks them and asks an admin to approve what a
 * check proposes; projects pick one, and builds run with the instance's settings and the project's,
 * the instance's secret opened on the runner and masked in the log.
 */
@WithMockUser(username = "admin", roles = "ADMIN")
class BuilderInstancesIT extends KilnSpringTest {

  private static final AtomicInteger names = new AtomicInteger();

  @Autowired BuilderInstances instances;
  @Autowired InstanceAdministration admin;
  @Autowired SecretService secrets;
  @Autowired ProjectService projects;
  @Autowired BuildService builds;

  @Test
  void aProposedKeyWaitsForAnAdminThenTheInstanceIsUpAndRunsBuilds() throws IOException {
    String token = "probe-token-" + names.incrementAndGet() + "-value";
    String secretName = "PROBE_TOKEN_" + names.get();
    secrets.create(null, secretName, "", token);
    long id =
        admin.create(
            new InstanceDraft(
                "probe box " + names.get(),
                "probe",
                Map.of("address", "box.example", "token", secretName)));

    // The instance's key is the builder's: no project may hand it to a script.
    assertThatThrownBy(
            () ->
                projects.create(
                    new ProjectDraft(
                        "thief-" + names.get(),
                        "",
                        "local",
                        Map.of(),
                        "echo \"$" + secretName + "\"",
                        List.of(),
                        Duration.ofMinutes(1),
                        List.of(secretName))))
        .isInstanceOfSatisfying(
            InvalidProjectException.class,
            e ->
                assertThat(e.problems().get(InvalidProjectException.SECRETS))
                    .contains("belongs to the builder instance 'probe box"));

    InstanceInfo waiting = awaitHealth(id, Health.NEEDS_APPROVAL);
    assertThat(waiting.proposalQuestion()).isEqualTo("box.example offers key-of-box.example");
    assertThat(waiting.healthMessage()).isEqualTo("The key of box.example is not approved.");
    assertThat(waiting.settings()).doesNotContainKey("host-key");
    assertThatThrownBy(() -> admin.approve(id, "something else was shown"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("proposes something else");

    admin.approve(id, waiting.proposalQuestion());
    InstanceInfo up = awaitHealth(id, Health.UP);
    assertThat(up.settings()).containsEntry("host-key", "key-of-box.example");
    assertThat(up.healthMessage())
        .isEqualTo("Reached box.example with a token of " + token.length() + " characters.");
    assertThat(up.checkNode()).isEqualTo("test-node");
    assertThat(up.unavailableReason()).isNull();

    String envValue = "probe-env-" + names.get() + "-value";
    secrets.create(null, "PROBE_ENV_" + names.get(), "", envValue);
    long project =
        projects.create(
            new ProjectDraft(
                "probed-" + names.get(),
                "",
                null,
                Map.of("flavour", "spicy"),
                "ignored",
                List.of(),
                Duration.ofMinutes(1),
                List.of("PROBE_ENV_" + names.get()),
                id));
    assertThat(projects.find(project).orElseThrow().instanceId()).isEqualTo(id);
    BuildInfo done = awaitFinal(builds, projects.runNow(project, "test"));
    assertThat(done.state()).isEqualTo(BuildState.SUCCEEDED);
    String log = log(builds, done.id());
    // The instance's secret and the project's environment secret are both masked.
    assertThat(log)
        .contains(
            "address=box.example flavour=spicy key=key-of-box.example", "token=***", "env=***");
    assertThat(log).doesNotContain(token, envValue);
    assertThat(instances.find(id).orElseThrow().usedBy()).isEqualTo(1);
    assertThatThrownBy(() -> admin.delete(id))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("probed-" + names.get());
  }

  @Test
  void anInstanceThatIsDownSaysWhyAndKeepsItAsLastError() {
    long id =
        admin.create(
            new InstanceDraft(
                "down box " + names.incrementAndGet(), "probe", Map.of("address", "down")));
    InstanceInfo down = awaitHealth(id, Health.DOWN);
    assertThat(down.healthMessage()).isEqualTo("Nothing answers at down.");
    assertThat(down.lastError()).isEqualTo("Nothing answers at down.");
    assertThat(down.lastErrorAt()).isNotNull();
  }

  @Test
  void badInstancesAreRefusedWithTheirReasonsAndNothingIsSaved() {
    int before = instances.list().size();
    assertThatThrownBy(() -> admin.create(new InstanceDraft("", "probe", Map.of())))
        .isInstanceOfSatisfying(
            InvalidInstanceException.class,
            e ->
                assertThat(e.problems())
                    .containsEntry(InvalidInstanceException.NAME, "Give the instance a name.")
                    .containsEntry("address", "Address is required."));
    assertThatThrownBy(
            () -> admin.create(new InstanceDraft("spaced", "probe", Map.of("address", "a b"))))
        .isInstanceOfSatisfying(
            InvalidInstanceException.class,
            e -> assertThat(e.problems()).containsEntry("address", "An address has no spaces."));
    assertThatThrownBy(
            () ->
                admin.create(
                    new InstanceDraft(
                        "no secret", "probe", Map.of("address", "x", "token", "NO_SUCH_SECRET"))))
        .isInstanceOfSatisfying(
            InvalidInstanceException.class,
            e ->
                assertThat(e.problems().get("token"))
                    .contains("no global secret named 'NO_SUCH_SECRET'"));
    assertThatThrownBy(() -> admin.create(new InstanceDraft("local again", "local", Map.of())))
        .isInstanceOfSatisfying(
            InvalidInstanceException.class,
            e -> assertThat(e.problems().get("builder")).contains("has no instance settings"));
    for (int limit : new int[] {0, -1, 1001}) {
      assertThatThrownBy(
              () ->
                  admin.create(
                      new InstanceDraft(
                          "limited " + limit, "probe", Map.of("address", "x"), limit)))
          .isInstanceOfSatisfying(
              InvalidInstanceException.class,
              e ->
                  assertThat(e.problems())
                      .containsEntry(
                          InvalidInstanceException.MAX_CONCURRENT,
                          "Give from 1 to 1000 builds at once, or leave it empty for no limit."));
    }
    assertThat(instances.list()).hasSize(before);
  }

  @Test
  void aLimitIsKeptAndChangingOnlyItKeepsTheHealth() {
    long id =
        admin.create(
            new InstanceDraft(
                "limited box " + names.incrementAndGet(), "probe", Map.of("address", "down"), 3));
    assertThat(instances.find(id).orElseThrow().maxConcurrent()).isEqualTo(3);
    InstanceInfo before = awaitHealth(id, Health.DOWN); // the probe cannot reach that address
    admin.update(
        id, before.updatedAt(), new InstanceDraft(before.name(), "probe", before.settings(), null));
    InstanceInfo after = instances.find(id).orElseThrow();
    assertThat(after.maxConcurrent()).isNull();
    assertThat(after.health()).isEqualTo(before.health());
    assertThat(after.healthMessage()).isEqualTo(before.healthMessage());
  }

  @Test
  void aProjectNamingOnlyABuilderWithInstancesIsAskedToPickOne() {
    assertThatThrownBy(
            () ->
                projects.create(
                    new ProjectDraft(
                        "no instance " + names.incrementAndGet(),
                        "",
                        "probe",
                        Map.of(),
                        "true",
                        List.of(),
                        Duration.ofMinutes(1))))
        .isInstanceOfSatisfying(
            InvalidProjectException.class,
            e ->
                assertThat(e.problems().get("builder"))
                    .isEqualTo(
                        "The Probe builder runs on instances an admin sets up. Choose one of its instances."));
  }

  @Test
  void buildersWithoutInstanceSettingsHaveOneAutomaticInstance() {
    InstanceInfo local =
        instances.list().stream()
            .filter(i -> i.builderId().equals("local"))
            .findFirst()
            .orElseThrow();
    assertThat(local.automatic()).isTrue();
    assertThat(local.unavailableReason()).isNull();
    assertThat(local.name()).isEqualTo("Local shell");
    assertThat(local.label()).isEqualTo("Local shell");
    assertThat(instances.list()).noneMatch(i -> i.builderId().equals("probe") && i.automatic());
    assertThatThrownBy(() -> admin.delete(local.id()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Kiln keeps this instance");
  }

  @Test
  void onlyAdminsManageInstancesAndOnlyAdminsSeeTheirSettings() {
    long id =
        admin.create(
            new InstanceDraft(
                "secretive " + names.incrementAndGet(),
                "probe",
                Map.of("address", "inner.example")));
    List<String> maintainer = List.of("ROLE_MAINTAINER");
    InstanceInfo seen = as("maria", maintainer, () -> instances.find(id)).orElseThrow();
    assertThat(seen.settings()).isEmpty();
    assertThat(seen.healthMessage()).isEmpty();
    assertThat(seen.proposalQuestion()).isNull();
    assertThatThrownBy(
            () ->
                as(
                    "maria",
                    maintainer,
                    () -> admin.create(new InstanceDraft("mine", "probe", Map.of("address", "x")))))
        .isInstanceOf(AccessDeniedException.class);
    assertThatThrownBy(
            () ->
                as(
                    "maria",
                    maintainer,
                    () -> {
                      admin.checkNow(id);
                      return null;
                    }))
        .isInstanceOf(AccessDeniedException.class);
  }

  private InstanceInfo awaitHealth(long id, Health wanted) {
    await(
        "instance " + id + " to be " + wanted,
        Duration.ofSeconds(30),
        () -> instances.find(id).orElseThrow().health() == wanted);
    return instances.find(id).orElseThrow();
  }
}
