package dev.kiln.portal.source;

import static dev.kiln.portal.source.SourceServers.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.portal.git.TestCommit;
import dev.kiln.portal.git.TestRepo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/**
 * Submodules: fetched only when the project asks, only on the repository's own host (or hosts the
 * admin allows), through the same credential, and never through a transport such as ext::.
 */
class SubmodulesIT {

  private static SourceServers servers;
  private static TestRepo superproject;
  private static Path marker;

  @BeforeAll
  static void start() throws Exception {
    servers = new SourceServers();
    TestRepo lib = servers.repos.create("lib");
    String libSha = lib.commit("main", TestCommit.of("Lib", T0).file("lib.txt", "lib\n"));
    marker = servers.repos.scratch("marker").resolve("pwned");
    superproject = servers.repos.create("super");
    superproject.commit(
        "main",
        TestCommit.of("With submodules", T0)
            .file("README", "super\n")
            .submodule("lib", "../lib.git", libSha)
            .submodule("far", "https://git.example.org/other/lib.git", libSha)
            .submodule("evil", "ext::sh -c touch% " + marker, libSha)
            .submodule("ext", "ext::sh", libSha));
  }

  @AfterAll
  static void stop() throws IOException {
    servers.close();
  }

  @Test
  void followsSubmodulesOnTheRepositorysHostOnly_withTheSameCredential() throws Exception {
    int n = 0;
    for (GitSource source : servers.sources(superproject, true)) {
      GitMirrors node = servers.mirrors("sub-" + n);
      Path workspace = Files.createDirectories(servers.repos.scratch("sub-ws-" + n++).resolve("w"));
      List<String> log = new CopyOnWriteArrayList<>();
      node.checkout(source, node.resolve(source, null), workspace, log::add, () -> false);

      assertThat(Files.readString(workspace.resolve("lib/lib.txt"))).isEqualTo("lib\n");
      assertThat(workspace.resolve("far")).isEmptyDirectory();
      assertThat(workspace.resolve("evil")).isEmptyDirectory();
      assertThat(workspace.resolve("ext")).isEmptyDirectory();
      assertThat(marker).doesNotExist();
      assertThat(log)
          .contains(
              "Skipped submodule far: its address https://git.example.org/other/lib.git is on"
                  + " another host (git.example.org) than the repository; an admin may allow that"
                  + " host in kiln.sources.submodule-hosts.")
          .contains(
              "Skipped submodule evil: The repository address contains spaces or control characters.")
          .anyMatch(l -> l.startsWith("Skipped submodule ext: Git transports such as ext::"))
          .contains("Fetched submodule(s) lib.");
      List<String> secrets = GitMirrorsIT.secretsOf(source.credential());
      GitMirrorsIT.assertNowhere(secrets, workspace);
      assertThat(String.join("\n", log)).doesNotContain(secrets);
    }
  }

  @Test
  void noSubmodulesUnlessAsked_andAnAllowedHostIsStillChecked() throws Exception {
    GitSource plain = servers.sources(superproject, false).get(1);
    GitMirrors node = servers.mirrors("no-sub");
    Path workspace = Files.createDirectories(servers.repos.scratch("no-sub-ws").resolve("w"));
    node.checkout(plain, node.resolve(plain, null), workspace, l -> {}, () -> false);
    assertThat(workspace.resolve("lib")).isEmptyDirectory();

    GitSource asked = servers.sources(superproject, true).get(1);
    GitMirrors allowing =
        servers.mirrors("allow-sub", DataSize.ofGigabytes(1), List.of("git.example.org"));
    Path other = Files.createDirectories(servers.repos.scratch("allow-sub-ws").resolve("w"));
    List<String> log = new CopyOnWriteArrayList<>();
    allowing.checkout(asked, allowing.resolve(asked, null), other, log::add, () -> false);
    assertThat(log)
        .contains(
            "Skipped submodule far: The host git.example.org is unknown: DNS has no address for"
                + " it. Check the repository address.");
  }
}
