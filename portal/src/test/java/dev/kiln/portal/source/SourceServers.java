package dev.kiln.portal.source;

import dev.kiln.portal.git.GitHttpServer;
import dev.kiln.portal.git.GitSshServer;
import dev.kiln.portal.git.TestCommit;
import dev.kiln.portal.git.TestRepo;
import dev.kiln.portal.git.TestRepos;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.springframework.util.unit.DataSize;

/**
 * The three ways a test reaches one repository (git over SSH with the deploy key, smart HTTP with
 * the token, a local path), and {@link GitMirrors} made the way a node makes them, with 127.0.0.1
 * listed as an allowed internal host.
 */
final class SourceServers implements AutoCloseable {

  static final Instant T0 = Instant.parse("2026-01-02T03:04:05Z");
  static final String TOKEN = "kiln-src-token-51c0e7d9";

  final TestRepos repos;
  final GitSshServer ssh;
  final GitHttpServer http;
  final TestRepo app;
  final String first;
  final String second;

  SourceServers() throws IOException, InterruptedException {
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
                .symlink("outside", "../../../etc/passwd"));
    app.tag("v1-light", first);
    app.annotatedTag("v2", second, "Release 2");
  }

  /** The deploy key's private key, as a secret would hold it. */
  String deployKey() throws IOException {
    return Files.readString(ssh.deployKey());
  }

  /** The three sources of {@code repo}, each with its credential. */
  List<GitSource> sources(TestRepo repo, boolean submodules) throws IOException {
    return List.of(
        new GitSource(ssh.url(repo), "main", new GitCredential.SshKey(deployKey()), submodules),
        new GitSource(http.url(repo), "main", new GitCredential.Token(TOKEN), submodules),
        new GitSource(repo.path.toString(), "main", new GitCredential.None(), submodules));
  }

  /** Mirrors in a new folder, as a fresh node has them. */
  GitMirrors mirrors(String node) throws IOException {
    return mirrors(node, DataSize.ofGigabytes(2), List.of());
  }

  GitMirrors mirrors(String node, DataSize maxSize, List<String> submoduleHosts)
      throws IOException {
    return new GitMirrors(
        new SourceProperties(
            mirrorRoot(node), maxSize, true, List.of("127.0.0.1"), submoduleHosts, null));
  }

  Path mirrorRoot(String node) throws IOException {
    return repos.scratch("node-" + node);
  }

  @Override
  public void close() throws IOException {
    try {
      http.close();
    } finally {
      try {
        ssh.close();
      } finally {
        repos.close();
      }
    }
  }
}
