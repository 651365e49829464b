package dev.kiln.portal.git;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The test git servers themselves, with the real git client: what issue 14's tests rely on. One
 * folder of repositories served over SSH and HTTP for the whole class; no Spring context.
 */
class GitServersIT {

  private static final Instant T0 = Instant.parse("2026-01-02T03:04:05Z");
  private static final String TOKEN = "kiln-test-token-7f3a";

  private static TestRepos repos;
  private static GitSshServer ssh;
  private static GitHttpServer http;
  private static TestRepo app;
  private static String first;
  private static String second;

  @BeforeAll
  static void start() throws IOException, InterruptedException {
    repos = TestRepos.create();
    ssh = GitSshServer.start(repos);
    http = GitHttpServer.start(repos, TOKEN);
    app = repos.create("app");
    first = app.commit("main", TestCommit.of("First", T0).file("README", "one\n"));
    second =
        app.commit(
            "main",
            TestCommit.of("Second: links", T0.plusSeconds(60))
                .by("Ada Lovelace", "ada@example.org")
                .file("README", "two\n")
                .symlink("outside", "../../../etc/passwd")
                .submodule("lib", "https://git.example.org/other/lib.git", first));
    app.tag("v1-light", first);
    app.annotatedTag("v2", second, "Release 2");
  }

  @AfterAll
  static void stop() throws IOException {
    try (var a = repos;
        var b = ssh;
        var c = http) {
      // All three closed, in reverse order, even if one fails.
    }
  }

  @Test
  void clonesOverSshWithTheDeployKeyAndKeepsWhatTheRepositoryHolds() throws Exception {
    Path work = repos.scratch("ssh-clone").resolve("app");
    repos.git.ok(
        work.getParent(), ssh.clientEnv(ssh.deployKey()), "clone", "-q", ssh.url(app), "app");

    assertThat(repos.git.ok(work, "rev-parse", "HEAD")).isEqualTo(second);
    assertThat(Files.readString(work.resolve("README"))).isEqualTo("two\n");
    assertThat(repos.git.ok(work, "log", "-1", "--format=%s|%an|%ae|%at"))
        .isEqualTo("Second: links|Ada Lovelace|ada@example.org|" + (T0.getEpochSecond() + 60));
    assertThat(Files.isSymbolicLink(work.resolve("outside"))).isTrue();
    assertThat(Files.readSymbolicLink(work.resolve("outside"))).hasToString("../../../etc/passwd");
    assertThat(repos.git.ok(work, "config", "-f", ".gitmodules", "submodule.lib.url"))
        .isEqualTo("https://git.example.org/other/lib.git");
    assertThat(work.resolve("lib")).isEmptyDirectory();
    assertThat(repos.git.ok(work, "rev-parse", "v1-light")).isEqualTo(first);
    assertThat(repos.git.ok(work, "cat-file", "-t", "v2")).isEqualTo("tag");
    assertThat(repos.git.ok(work, "rev-parse", "v2^{commit}")).isEqualTo(second);
  }

  @Test
  void sshRefusesAStrangerKeyAndAnythingButGitOnTheRepositories() throws Exception {
    Path dir = repos.scratch("ssh-refused");
    Git.Result stranger =
        repos.git.run(dir, ssh.clientEnv(ssh.strangerKey()), "ls-remote", ssh.url(app));
    assertThat(stranger.exit()).isEqualTo(128);
    assertThat(stranger.err()).contains("Permission denied (publickey)");

    String outside = ssh.url(app).replace("/app.git", "/../app.git");
    Git.Result escape = repos.git.run(dir, ssh.clientEnv(ssh.deployKey()), "ls-remote", outside);
    assertThat(escape.exit()).isEqualTo(128);
    assertThat(escape.err()).contains("no such repository");

    Git.Result shell =
        repos.git.run(
            dir,
            Map.of(),
            "-c",
            "core.sshCommand=" + ssh.clientEnv(ssh.deployKey()).get("GIT_SSH_COMMAND"),
            "ls-remote",
            "--upload-pack=sh -c id",
            ssh.url(app));
    assertThat(shell.exit()).isEqualTo(128);
    assertThat(shell.err()).contains("only git fetch and push are allowed").doesNotContain("uid=");
  }

  @Test
  void clonesOverHttpWithTheToken() throws Exception {
    Path dir = repos.scratch("http-clone");
    repos.git.ok(dir, GitHttpServer.clientEnv(TOKEN), "clone", "-q", http.url(app), "app");

    assertThat(repos.git.ok(dir.resolve("app"), "rev-parse", "HEAD")).isEqualTo(second);
    assertThat(Files.readString(dir.resolve("app/README"))).isEqualTo("two\n");
  }

  @Test
  void httpRefusesAWrongOrMissingToken() throws Exception {
    Path dir = repos.scratch("http-refused");
    Git.Result wrong =
        repos.git.run(dir, GitHttpServer.clientEnv("not-" + TOKEN), "ls-remote", http.url(app));
    assertThat(wrong.exit()).isEqualTo(128);
    assertThat(wrong.err()).contains("terminal prompts disabled");
    String inUrl = http.url(app).replace("://", "://" + GitHttpServer.USER + ":wrong@");
    Git.Result wrongInUrl = repos.git.run(dir, Map.of(), "ls-remote", inUrl);
    assertThat(wrongInUrl.exit()).isEqualTo(128);
    assertThat(wrongInUrl.err()).contains("Authentication failed");

    Git.Result anonymous = repos.git.run(dir, Map.of(), "ls-remote", http.url(app));
    assertThat(anonymous.exit()).isEqualTo(128);
    assertThat(anonymous.err()).contains("could not read Username");
    assertThat(anonymous.out()).isEmpty();
  }

  @Test
  void fetchesOneCommitBySha_shallow_overSshHttpAndLocalPath() throws Exception {
    Map<String, Map<String, String>> remotes =
        Map.of(
            ssh.url(app), ssh.clientEnv(ssh.deployKey()),
            http.url(app), GitHttpServer.clientEnv(TOKEN),
            app.path.toUri().toString(), Map.of());
    int n = 0;
    for (var remote : remotes.entrySet()) {
      Path dir = repos.scratch("shallow-" + n++);
      repos.git.ok(dir, "init", "-q");
      repos.git.ok(dir, remote.getValue(), "fetch", "-q", "--depth", "1", remote.getKey(), first);

      assertThat(repos.git.ok(dir, "rev-parse", "FETCH_HEAD")).isEqualTo(first);
      assertThat(repos.git.ok(dir, "rev-list", "--count", "FETCH_HEAD")).isEqualTo("1");
      assertThat(repos.git.ok(dir, "rev-parse", "--is-shallow-repository")).isEqualTo("true");
      assertThat(repos.git.ok(dir, "show", "FETCH_HEAD:README")).isEqualTo("one");
    }
  }

  @Test
  void aPushedCommitIsSeenByTheNextFetch_andAForcePushRemovesOne() throws Exception {
    TestRepo pushed = repos.create("pushed");
    String base = pushed.commit("main", TestCommit.of("Base", T0).file("f", "base\n"));
    Path dir = repos.scratch("pushed");
    Map<String, String> env = ssh.clientEnv(ssh.deployKey());
    repos.git.ok(dir, env, "clone", "-q", ssh.url(pushed), "w");
    Path work = dir.resolve("w");

    String added =
        pushed.commit("main", TestCommit.of("Added", T0.plusSeconds(1)).file("f", "new\n"));
    repos.git.ok(work, env, "fetch", "-q");
    assertThat(repos.git.ok(work, "rev-parse", "origin/main")).isEqualTo(added);
    assertThat(repos.git.ok(work, "show", "origin/main:f")).isEqualTo("new");

    pushed.forcePush("main", base);
    repos.git.ok(work, env, "fetch", "-q");
    assertThat(repos.git.ok(work, "rev-parse", "origin/main")).isEqualTo(base);
    // Protocol v2 serves any object the server has; v0 only what a ref reaches.
    assertThat(shallowFetch(env, ssh.url(pushed), added, "2").exit()).isZero();
    Git.Result v0 = shallowFetch(env, ssh.url(pushed), added, "0");
    assertThat(v0.exit()).isEqualTo(128);
    assertThat(v0.err()).contains("not our ref " + added);

    pushed.collectGarbage();
    Git.Result gone = shallowFetch(env, ssh.url(pushed), added, "2");
    assertThat(gone.exit()).isEqualTo(128);
    assertThat(gone.err()).contains("not our ref " + added);
  }

  private static Git.Result shallowFetch(
      Map<String, String> env, String url, String sha, String protocol) throws Exception {
    Path dir = Files.createTempDirectory(repos.scratch("fetch"), "v" + protocol + "-");
    repos.git.ok(dir, "init", "-q");
    return repos.git.run(
        dir, env, "-c", "protocol.version=" + protocol, "fetch", "--depth", "1", url, sha);
  }
}
