package dev.kiln.portal.source;

import static dev.kiln.portal.source.SourceServers.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.portal.git.TestCommit;
import dev.kiln.portal.git.TestRepo;
import dev.kiln.portal.source.SourceException.Problem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Cancelling a checkout stops git and everything it started, and leaves the mirror usable. */
class CheckoutCancelIT {

  @Test
  void cancellingStopsGitsWholeProcessTree() throws Exception {
    try (SourceServers servers = new SourceServers()) {
      TestRepo huge = servers.repos.create("huge");
      byte[] noise = new byte[24 << 20];
      new Random(3).nextBytes(noise);
      String sha =
          huge.commit(
              "main", TestCommit.of("Huge", T0).file("noise", HexFormat.of().formatHex(noise)));
      GitSource source = servers.sources(huge, false).get(0);
      GitMirrors node = servers.mirrors("cancel");
      ResolvedCommit commit = new ResolvedCommit("refs/heads/main", sha, "Huge", "x", T0);
      Path workspace = Files.createDirectories(servers.repos.scratch("cancel-ws").resolve("w"));
      List<String> log = new CopyOnWriteArrayList<>();

      // Cancelled once git has started ssh: the deepest process of the tree.
      assertThatThrownBy(
              () ->
                  node.checkout(source, commit, workspace, log::add, CheckoutCancelIT::sshRunning))
          .isInstanceOfSatisfying(
              SourceException.class, e -> assertThat(e.problem()).isEqualTo(Problem.CANCELLED))
          .hasMessage("Stopped git: the build was cancelled.");
      assertThat(ProcessHandle.current().descendants().filter(CheckoutCancelIT::clientSide))
          .as("no git fetch, index-pack or ssh left running")
          .isEmpty();

      Path again = Files.createDirectories(servers.repos.scratch("cancel-ws-2").resolve("w"));
      node.checkout(source, commit, again, log::add, () -> false);
      assertThat(Files.size(again.resolve("noise"))).isEqualTo(2L * noise.length);
      assertThat(String.join("\n", log))
          .doesNotContain(GitMirrorsIT.secretsOf(source.credential()));
    }
  }

  /** The fetching side's processes; the test's own sshd and its children are the server's. */
  private static boolean clientSide(ProcessHandle process) {
    String command = process.info().command().orElse("");
    List<String> args = List.of(process.info().arguments().orElse(new String[0]));
    return process.isAlive()
        && (command.endsWith("/ssh")
            || command.endsWith("/git") && (args.contains("fetch") || args.contains("index-pack")));
  }

  private static boolean sshRunning() {
    return ProcessHandle.current()
        .descendants()
        .anyMatch(p -> p.info().command().map(c -> c.endsWith("/ssh")).orElse(false));
  }
}
