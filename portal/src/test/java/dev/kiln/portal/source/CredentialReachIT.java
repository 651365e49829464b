package dev.kiln.portal.source;

import static dev.kiln.portal.FinishedBuilds.awaitFinal;
import static dev.kiln.portal.FinishedBuilds.log;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.builder.docker.DockerEngine;
import dev.kiln.builder.ssh.LocalSshd;
import dev.kiln.portal.KilnSpringTest;
import dev.kiln.portal.LeakScan;
import dev.kiln.portal.build.ArtifactInfo;
import dev.kiln.portal.build.BuildInfo;
import dev.kiln.portal.build.BuildService;
import dev.kiln.portal.build.BuildState;
import dev.kiln.portal.build.Trigger;
import dev.kiln.portal.git.GitHttpServer;
import dev.kiln.portal.git.TestCommit;
import dev.kiln.portal.git.TestRepo;
import dev.kiln.portal.git.TestRepos;
import dev.kiln.portal.instance.BuilderInstances;
import dev.kiln.portal.instance.InstanceAdministration;
import dev.kiln.portal.instance.InstanceDraft;
import dev.kiln.portal.instance.InstanceInfo;
import dev.kiln.portal.instance.domain.BuilderInstance.Health;
import dev.kiln.portal.project.ProjectDraft;
import dev.kiln.portal.project.ProjectService;
import dev.kiln.portal.project.ProjectSource;
import dev.kiln.portal.secret.SecretService;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.test.context.support.WithMockUser;

/**
 * A build of a private repository, opened with a token, on each builder that runs elsewhere: a
 * container on a real Docker engine and a host over real SSH. The script keeps its whole
 * environment, the container's (its first process's), and a tar of the workspace with its {@code
 * .git} as artifacts; the test then looks for the token in those, in the log and in every column of
 * the database. It is found nowhere: only the runner that fetched ever held it.
 */
@WithMockUser(username = "reach-admin", roles = "ADMIN")
class CredentialReachIT extends KilnSpringTest {

  private static final String TOKEN = "kiln-reach-token-3c81f0d9a2";
  private static final AtomicInteger names = new AtomicInteger();

  private static final String SCRIPT =
      """
      echo "readme $(cat README)"
      echo "commit $KILN_GIT_COMMIT"
      mkdir -p dist
      env > dist/env.txt
      if [ -r /proc/1/environ ]; then tr '\\0' '\\n' < /proc/1/environ > dist/first-process-env.txt; fi
      tar --exclude=./dist -cf dist/workspace.tar .
      """;

  @TempDir static Path tmp;
  private static TestRepos repos;
  private static GitHttpServer http;
  private static TestRepo app;
  private static String sha;

  @Autowired ProjectService projects;
  @Autowired BuildService builds;
  @Autowired SecretService secrets;
  @Autowired InstanceAdministration admin;
  @Autowired BuilderInstances instances;
  @Autowired DataSource database;

  @BeforeAll
  static void repository() throws IOException, InterruptedException {
    repos = TestRepos.create();
    http = GitHttpServer.start(repos, TOKEN);
    app = repos.create("private-app");
    sha =
        app.commit(
            "main",
            TestCommit.of("Private", Instant.parse("2026-11-01T00:00:00Z"))
                .file("README", "private\n")
                .file("setup.py", "print('build')\n"));
  }

  @AfterAll
  static void stop() throws IOException {
    try (var a = repos;
        var b = http) {
      // both closed
    }
  }

  @Test
  void inADockerContainerTheTokenIsNowhere() throws Exception {
    try (var engine = DockerEngine.start(tmp.resolve("engine"))) {
      long instance =
          admin.create(
              new InstanceDraft(
                  "reach docker " + names.incrementAndGet(),
                  "docker",
                  Map.of(
                      "engine",
                      engine.address(),
                      "default-image",
                      DockerEngine.IMAGE,
                      "network",
                      "none")));
      awaitHealth(instance, Health.UP);
      BuildInfo done = build(instance, Map.of("pull", "if-missing"));
      assertThat(builds.artifacts(done.id()))
          .extracting(ArtifactInfo::path)
          .contains("dist/first-process-env.txt");
      assertFoundNowhere(done);
    }
  }

  @Test
  void onAnSshHostTheTokenIsNowhere() throws Exception {
    try (var sshd = LocalSshd.start()) {
      String key = "REACH_SSH_KEY_" + names.incrementAndGet();
      secrets.create(null, key, "", sshd.privateKey(LocalSshd.ClientKeyFile.ED25519));
      long instance =
          admin.create(
              new InstanceDraft(
                  "reach ssh " + names.get(),
                  "ssh",
                  Map.of(
                      "host",
                      "127.0.0.1",
                      "port",
                      String.valueOf(sshd.port),
                      "user",
                      sshd.user,
                      "private-key",
                      key,
                      "contain-processes",
                      "required")));
      InstanceInfo proposed = awaitHealth(instance, Health.NEEDS_APPROVAL);
      admin.approve(instance, proposed.proposalQuestion());
      awaitHealth(instance, Health.UP);
      BuildInfo done = build(instance, Map.of());
      assertFoundNowhere(done);
    }
  }

  private BuildInfo build(long instance, Map<String, String> settings) {
    String name = "REACH_TOKEN_" + names.incrementAndGet();
    secrets.create(null, name, "", TOKEN);
    long project =
        projects.create(
            new ProjectDraft(
                    "reach-" + names.get(),
                    "",
                    null,
                    settings,
                    SCRIPT,
                    List.of("dist/*"),
                    Duration.ofMinutes(3),
                    List.of(),
                    instance)
                .withSource(ProjectSource.of(http.url(app), "main").withCredential(name)));
    BuildInfo done = awaitFinal(builds, projects.runNow(project, Trigger.manual("reach-admin")));
    assertThat(done.state()).as(done.reason()).isEqualTo(BuildState.SUCCEEDED);
    assertThat(log(builds, done.id())).contains("readme private", "commit " + sha);
    return done;
  }

  /** The artifacts (the workspace on the build host, the environments), the log, the database. */
  private void assertFoundNowhere(BuildInfo build) throws Exception {
    List<String> places = new ArrayList<>();
    List<String> collected = new ArrayList<>();
    for (ArtifactInfo artifact : builds.artifacts(build.id())) {
      collected.add(artifact.path());
      try (InputStream in = builds.openArtifact(build.id(), artifact.path())) {
        if (new String(in.readAllBytes(), StandardCharsets.ISO_8859_1).contains(TOKEN)) {
          places.add("artifact " + artifact.path());
        }
      }
    }
    assertThat(collected).as("the evidence").contains("dist/env.txt", "dist/workspace.tar");
    if (log(builds, build.id()).contains(TOKEN)) {
      places.add("the log");
    }
    try (Connection db = database.getConnection()) {
      places.addAll(LeakScan.columnsHolding(db, TOKEN));
    }
    assertThat(places).as("where the token was found").isEmpty();
  }

  private InstanceInfo awaitHealth(long id, Health wanted) {
    await(
        "instance " + id + " to be " + wanted,
        Duration.ofSeconds(90),
        () -> instances.find(id).orElseThrow().health() == wanted);
    return instances.find(id).orElseThrow();
  }
}
