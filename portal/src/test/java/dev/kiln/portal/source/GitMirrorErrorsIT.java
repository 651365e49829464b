package dev.kiln.portal.source;

import static dev.kiln.portal.source.SourceServers.T0;
import static dev.kiln.portal.source.SourceServers.TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.portal.e2e.harness.KilnProcess;
import dev.kiln.portal.git.TestCommit;
import dev.kiln.portal.git.TestRepo;
import dev.kiln.portal.source.SourceException.Problem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/** Every way a repository can fail, in the words a maintainer reads, from the real servers. */
class GitMirrorErrorsIT {

  private static SourceServers servers;
  private static GitMirrors node;

  @BeforeAll
  static void start() throws Exception {
    servers = new SourceServers();
    node = servers.mirrors("errors");
  }

  @AfterAll
  static void stop() throws IOException {
    servers.close();
  }

  @Test
  void unknownAndUnreachableHosts() throws Exception {
    assertThat(node.check(source("https://no-such-host.invalid/app.git")))
        .isEqualTo(
            "The host no-such-host.invalid is unknown: DNS has no address for it. Check the"
                + " repository address.");
    int closed = KilnProcess.freePort();
    assertThat(node.check(source("http://127.0.0.1:" + closed + "/git/app.git")))
        .isEqualTo(
            "Could not connect to 127.0.0.1: nothing listens at that address and port, or the"
                + " network is in the way.");
    assertThat(node.check(source("ssh://git@127.0.0.1:" + closed + "/app.git")))
        .startsWith("127.0.0.1 refused the connection");
  }

  @Test
  void refusedCredentials() throws Exception {
    String stranger = Files.readString(servers.ssh.strangerKey());
    GitSource sshStranger =
        new GitSource(
            servers.ssh.url(servers.app), "main", new GitCredential.SshKey(stranger), false);
    assertThat(node.check(sshStranger))
        .isEqualTo(
            "The server refused the SSH key: add the key's public half to the repository as a"
                + " deploy key.");
    assertThat(node.check(source(servers.ssh.url(servers.app))))
        .isEqualTo("The server needs an SSH key: choose a deploy key as the project's credential.");
    GitSource wrongToken =
        new GitSource(
            servers.http.url(servers.app), "main", new GitCredential.Token("nope-" + TOKEN), false);
    assertThat(node.check(wrongToken))
        .isEqualTo(
            "The server refused the token: check that it is valid and may read the repository.")
        .doesNotContain(TOKEN);
    assertThat(node.check(source(servers.http.url(servers.app))))
        .isEqualTo("The repository needs credentials: choose a token as the project's credential.");
    assertThat(
            node.check(
                new GitSource(
                    servers.http.url(servers.app),
                    "main",
                    new GitCredential.SshKey(stranger),
                    false)))
        .isEqualTo("An SSH key works only with an ssh://… or user@host:path repository address.");
  }

  @Test
  void notAGitRepository() throws Exception {
    String notGit = servers.http.url(servers.app).replace("/git/app.git", "/www/app.git");
    assertThat(node.check(new GitSource(notGit, "main", new GitCredential.Token(TOKEN), false)))
        .isEqualTo(notGit + " is not a git repository, or does not exist.");
    Path folder = servers.repos.scratch("plain-folder");
    assertThat(node.check(source(folder.toString())))
        .isEqualTo(
            folder
                + " is not a git repository, or does not exist (or is private and needs"
                + " credentials).");
    String missing = servers.ssh.url(servers.app).replace("app.git", "nothing.git");
    assertThat(
            node.check(
                new GitSource(
                    missing, "main", new GitCredential.SshKey(servers.deployKey()), false)))
        .startsWith(missing + " is not a git repository");
  }

  @Test
  void missingBranchTagAndCommit() throws Exception {
    GitSource app = servers.sources(servers.app, false).get(1);
    assertThat(node.check(new GitSource(app.repository(), "trunk", app.credential(), false)))
        .isEqualTo("The default branch 'trunk' is not in the repository.");
    assertProblem(
        () -> node.resolve(app, "v9"),
        Problem.REF_MISSING,
        "There is no branch or tag named 'v9' in the repository.");
    assertProblem(
        () -> node.resolve(app, "abcdef12"),
        Problem.COMMIT_MISSING,
        "No branch, tag or known commit is named 'abcdef12': give the commit's full 40-character SHA.");
  }

  @Test
  void aCommitRemovedByAForcePushIsSaidSo_evenForARetryOnAnotherNode() throws Exception {
    TestRepo pushed = servers.repos.create("pushed");
    String base = pushed.commit("main", TestCommit.of("Base", T0).file("f", "base\n"));
    String added =
        pushed.commit("main", TestCommit.of("Added", T0.plusSeconds(1)).file("f", "new\n"));
    for (GitSource source : servers.sources(pushed, false)) {
      assertThat(node.resolve(source, null).sha()).isEqualTo(added);
    }
    pushed.forcePush("main", base);
    pushed.collectGarbage();
    int n = 0;
    for (GitSource source : servers.sources(pushed, false)) {
      GitMirrors other = servers.mirrors("force-" + n);
      Path workspace =
          Files.createDirectories(servers.repos.scratch("force-ws-" + n++).resolve("w"));
      ResolvedCommit kept = new ResolvedCommit("refs/heads/main", added, "Added", "x", T0);
      assertProblem(
          () -> other.checkout(source, kept, workspace, l -> {}, () -> false),
          Problem.COMMIT_MISSING,
          "The commit " + added + " is no longer in the repository: removed by a force-push?");
      assertProblem(
          () -> other.resolve(source, added),
          Problem.COMMIT_MISSING,
          "The commit " + added + " is no longer in the repository: removed by a force-push?");
    }
  }

  @Test
  void aRepositoryLargerThanTheNodeAllowsIsStoppedAndItsMirrorRemoved() throws Exception {
    TestRepo big = servers.repos.create("big");
    byte[] noise = new byte[3 << 20];
    new Random(7).nextBytes(noise);
    big.commit("main", TestCommit.of("Big", T0).file("noise", HexFormat.of().formatHex(noise)));
    GitMirrors small = servers.mirrors("small", DataSize.ofKilobytes(512), List.of());
    GitSource source = servers.sources(big, false).get(0);
    assertProblem(
        () -> small.resolve(source, null),
        Problem.TOO_LARGE,
        "The repository is larger than this node allows: its mirror passed 512 KiB"
            + " (kiln.sources.max-size) and the fetch was stopped. Ask the admin to raise the"
            + " limit, or make the repository smaller.");
    try (var entries = Files.list(servers.mirrorRoot("small"))) {
      assertThat(entries.filter(p -> p.getFileName().toString().matches("[0-9a-f]{40}")))
          .as("the partial mirror is removed")
          .isEmpty();
    }
  }

  @Test
  void namesCraftedAsOptionsOrPathsNeverReachGit() throws Exception {
    GitSource app = servers.sources(servers.app, false).get(0);
    Path marker = servers.repos.scratch("marker").resolve("pwned");
    for (String evil :
        List.of(
            "--upload-pack=touch " + marker,
            "-c",
            "../x",
            "refs/heads/../../x",
            "main\n--x",
            "refs/heads/main:refs/heads/x")) {
      assertProblem(() -> node.resolve(app, evil), Problem.REFUSED_INPUT, null);
    }
    for (String address :
        List.of(
            "ext::sh -c touch% " + marker,
            "--upload-pack=touch " + marker + " x",
            "https://user:pw@127.0.0.1/x.git",
            "ssh://-oProxyCommand=touch%20" + marker + "/x")) {
      assertThat(node.check(source(address))).isNotNull().doesNotContain("pw@");
    }
    assertThat(marker).doesNotExist();
  }

  private static GitSource source(String repository) {
    return new GitSource(repository, "main", new GitCredential.None(), false);
  }

  interface Call {
    void run() throws Exception;
  }

  private static void assertProblem(Call call, Problem problem, String message) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            SourceException.class,
            e -> {
              assertThat(e.problem()).as(e.getMessage()).isEqualTo(problem);
              if (message != null) {
                assertThat(e.getMessage()).isEqualTo(message);
              }
            });
  }
}
