package dev.kiln.portal.source;

import static dev.kiln.portal.FinishedBuilds.awaitFinal;
import static dev.kiln.portal.FinishedBuilds.log;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.portal.KilnSpringTest;
import dev.kiln.portal.LeakScan;
import dev.kiln.portal.build.ArtifactInfo;
import dev.kiln.portal.build.BuildInfo;
import dev.kiln.portal.build.BuildService;
import dev.kiln.portal.build.BuildState;
import dev.kiln.portal.build.Revision;
import dev.kiln.portal.build.Trigger;
import dev.kiln.portal.git.GitHttpServer;
import dev.kiln.portal.git.GitSshServer;
import dev.kiln.portal.git.TestCommit;
import dev.kiln.portal.git.TestRepo;
import dev.kiln.portal.git.TestRepos;
import dev.kiln.portal.project.ProjectDraft;
import dev.kiln.portal.project.ProjectService;
import dev.kiln.portal.project.ProjectSource;
import dev.kiln.portal.project.Rebuilds;
import dev.kiln.portal.secret.SecretService;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.util.FileSystemUtils;

/**
 * Builds of commits from real git servers on this machine (git over SSH with a deploy key, smart
 * HTTP with a token, a plain local repository), on the local builder: what each build built is
 * recorded, kept by Rebuild, checked out into the workspace, and no credential reaches the
 * workspace, the script's environment, the log or the database.
 */
@WithMockUser(username = "source-admin", roles = "ADMIN")
class SourceBuildsIT extends KilnSpringTest {

  private static final Instant T0 = Instant.parse("2026-11-02T03:04:05Z");
  private static final String TOKEN = "kiln-http-token-5b9d2e71";
  private static final AtomicInteger names = new AtomicInteger();

  /** Prints what the build sees: the checkout, Kiln's variables, and the whole environment. */
  private static final String SCRIPT =
      """
      echo "head $(git rev-parse HEAD)"
      echo "readme $(cat README)"
      echo "vars $KILN_BUILD_NUMBER $KILN_GIT_REF $KILN_GIT_COMMIT"
      mkdir -p dist
      env > dist/env.txt
      tar --exclude=./dist -cf dist/workspace.tar .
      """;

  private static TestRepos repos;
  private static GitSshServer ssh;
  private static GitHttpServer http;
  private static TestRepo app;
  private static String first;

  @Autowired ProjectService projects;
  @Autowired BuildService builds;
  @Autowired Rebuilds rebuilds;
  @Autowired SecretService secrets;
  @Autowired DataSource database;
  @Autowired SourceProperties sources;

  @BeforeAll
  static void servers() throws IOException, InterruptedException {
    repos = TestRepos.create();
    ssh = GitSshServer.start(repos);
    http = GitHttpServer.start(repos, TOKEN);
    app = repos.create("app");
    first =
        app.commit(
            "main",
            TestCommit.of("First wheel", T0)
                .by("Ada Lovelace", "ada@example.org")
                .file("README", "one\n"));
    app.tag("v1", first);
  }

  @AfterAll
  static void stop() throws IOException {
    try (var a = repos;
        var b = ssh;
        var c = http) {
      // all closed, in reverse order
    }
  }

  @Test
  void aBuildOfALocalRepositoryRecordsAndChecksOutItsBranchTip() throws IOException {
    long project = project(ProjectSource.of(app.path.toString(), "main"), List.of());
    BuildInfo done = awaitFinal(builds, projects.runNow(project, Trigger.manual("source-admin")));

    assertThat(done.state()).as(done.reason()).isEqualTo(BuildState.SUCCEEDED);
    assertThat(done.revision().requested()).isEqualTo("main");
    assertThat(done.revision().ref()).isEqualTo("refs/heads/main");
    assertThat(done.revision().commit()).isEqualTo(first);
    assertThat(done.revision().subject()).isEqualTo("First wheel");
    assertThat(done.revision().author()).contains("Ada Lovelace");
    assertThat(done.revision().time()).isEqualTo(T0);
    assertThat(log(builds, done.id()))
        .contains("head " + first, "readme one", "vars 1 refs/heads/main " + first);
  }

  @Test
  void rebuildBuildsTheSameCommitAfterTheBranchMoved() throws Exception {
    TestRepo moving = repos.create("moving-" + names.incrementAndGet());
    String old = moving.commit("main", TestCommit.of("Old", T0).file("README", "old\n"));
    long project = project(ProjectSource.of(moving.path.toString(), "main"), List.of());
    BuildInfo built = awaitFinal(builds, projects.runNow(project, Trigger.manual("source-admin")));
    assertThat(built.revision().commit()).isEqualTo(old);

    String newer =
        moving.commit("main", TestCommit.of("Newer", T0.plusSeconds(60)).file("README", "new\n"));
    BuildInfo again = awaitFinal(builds, rebuilds.rebuild(built.id(), "source-admin"));
    assertThat(again.state()).as(again.reason()).isEqualTo(BuildState.SUCCEEDED);
    assertThat(again.revision().commit()).isEqualTo(old);
    assertThat(log(builds, again.id())).contains("head " + old, "readme old");

    BuildInfo tip = awaitFinal(builds, projects.runNow(project, Trigger.manual("source-admin")));
    assertThat(tip.revision().commit()).isEqualTo(newer);
    assertThat(log(builds, tip.id())).contains("readme new");
  }

  @Test
  void aChosenTagIsATagBuild() {
    long project = project(ProjectSource.of(app.path.toString(), "main"), List.of());
    BuildInfo done =
        awaitFinal(
            builds,
            projects.runNow(
                project, Trigger.manual("source-admin").withRevision(Revision.requested("v1"))));
    assertThat(done.state()).as(done.reason()).isEqualTo(BuildState.SUCCEEDED);
    assertThat(done.revision().ref()).isEqualTo("refs/tags/v1");
    assertThat(done.revision().isTag()).isTrue();
    assertThat(log(builds, done.id())).contains("vars 1 refs/tags/v1 " + first);
  }

  @Test
  void aCommitRemovedByAForcePushBeforeItsRebuildIsNamed() throws Exception {
    TestRepo rewritten = repos.create("rewritten-" + names.incrementAndGet());
    rewritten.commit("main", TestCommit.of("Base", T0).file("README", "base\n"));
    String doomed =
        rewritten.commit("main", TestCommit.of("Doomed", T0.plusSeconds(1)).file("README", "x\n"));
    long project = project(ProjectSource.of(rewritten.path.toString(), "main"), List.of());
    BuildInfo built = awaitFinal(builds, projects.runNow(project, Trigger.manual("source-admin")));
    assertThat(built.revision().commit()).isEqualTo(doomed);

    TestRepo unrelated = repos.create("unrelated-" + names.incrementAndGet());
    String other = unrelated.commit("main", TestCommit.of("Unrelated", T0).file("b", "b\n"));
    repos.git.ok(rewritten.path, "fetch", "--quiet", unrelated.path.toString(), "main");
    repos.git.ok(rewritten.path, "update-ref", "refs/heads/main", other);
    repos.git.ok(rewritten.path, "reflog", "expire", "--expire=now", "--all");
    repos.git.ok(rewritten.path, "gc", "--prune=now", "--quiet");
    // This node's mirror still holds the commit; a node that never fetched it must fail in words.
    deleteMirrors();

    BuildInfo again = awaitFinal(builds, rebuilds.rebuild(built.id(), "source-admin"));
    assertThat(again.state()).isEqualTo(BuildState.ERROR);
    assertThat(again.reason()).contains(doomed.substring(0, 7)).containsIgnoringCase("no longer");
  }

  @Test
  void aMissingBranchAndAWrongTokenAreSaidInWords() {
    long missing = project(ProjectSource.of(app.path.toString(), "no-such-branch"), List.of());
    BuildInfo noBranch =
        awaitFinal(builds, projects.runNow(missing, Trigger.manual("source-admin")));
    assertThat(noBranch.state()).isEqualTo(BuildState.ERROR);
    assertThat(noBranch.reason()).contains("no-such-branch");

    String wrong = "WRONG_TOKEN_" + names.incrementAndGet();
    secret(wrong, "not-the-token");
    long refused =
        project(ProjectSource.of(http.url(app), "main").withCredential(wrong), List.of());
    BuildInfo denied = awaitFinal(builds, projects.runNow(refused, Trigger.manual("source-admin")));
    assertThat(denied.state()).isEqualTo(BuildState.ERROR);
    assertThat(denied.reason()).contains("refused the token").doesNotContain("not-the-token");
  }

  @Test
  void aTokenOpensTheRepositoryAndReachesNothingTheBuildSees() throws Exception {
    String name = "REPO_TOKEN_" + names.incrementAndGet();
    secret(name, TOKEN);
    long project =
        project(ProjectSource.of(http.url(app), "main").withCredential(name), List.of("dist/*"));
    BuildInfo done = awaitFinal(builds, projects.runNow(project, Trigger.manual("source-admin")));
    assertThat(done.state()).as(done.reason()).isEqualTo(BuildState.SUCCEEDED);
    assertThat(log(builds, done.id())).contains("head " + first);
    assertFoundNowhere(done, TOKEN);
  }

  @Test
  void aDeployKeyOpensTheRepositoryAndReachesNothingTheBuildSees() throws Exception {
    String name = "DEPLOY_KEY_" + names.incrementAndGet();
    String key = Files.readString(ssh.deployKey());
    secret(name, key);
    long project =
        project(ProjectSource.of(ssh.url(app), "main").withCredential(name), List.of("dist/*"));
    BuildInfo done = awaitFinal(builds, projects.runNow(project, Trigger.manual("source-admin")));
    assertThat(done.state()).as(done.reason()).isEqualTo(BuildState.SUCCEEDED);
    assertThat(log(builds, done.id())).contains("head " + first);
    // The key's body, without its armour lines, which every key shares.
    String body = key.lines().filter(l -> !l.startsWith("-----")).findFirst().orElseThrow();
    assertFoundNowhere(done, body);
  }

  /** The workspace (with its .git), the script's environment, the log and every database column. */
  private void assertFoundNowhere(BuildInfo build, String credential) throws Exception {
    List<String> places = new ArrayList<>();
    for (ArtifactInfo artifact : builds.artifacts(build.id())) {
      try (InputStream in = builds.openArtifact(build.id(), artifact.path())) {
        String content = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        if (content.contains(credential)) {
          places.add("artifact " + artifact.path());
        }
      }
    }
    assertThat(builds.artifacts(build.id()))
        .extracting(ArtifactInfo::path)
        .as("the evidence was collected")
        .contains("dist/env.txt", "dist/workspace.tar");
    if (log(builds, build.id()).contains(credential)) {
      places.add("the log");
    }
    try (Connection db = database.getConnection()) {
      places.addAll(LeakScan.columnsHolding(db, credential));
    }
    assertThat(places).as("where the credential was found").isEmpty();
  }

  private void secret(String name, String value) {
    secrets.create(null, name, "", value);
  }

  private long project(ProjectSource source, List<String> patterns) {
    return projects.create(
        new ProjectDraft(
                "source-" + names.incrementAndGet(),
                "",
                "local",
                Map.of(),
                SCRIPT,
                patterns,
                Duration.ofMinutes(2))
            .withSource(source));
  }

  /** Forgets what this node fetched, as a node that never built the project. */
  private void deleteMirrors() throws IOException {
    FileSystemUtils.deleteRecursively(sources.mirrorDir());
  }
}
