package dev.kiln.portal.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.portal.source.SourceException.Problem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Git runs with no configuration but its own, whatever the node's user or folders hold. */
class GitProcessTest {

  @TempDir Path tmp;

  @Test
  void readsNoUserSystemOrEnclosingRepositoryConfiguration() throws Exception {
    GitProcess git = new GitProcess(tmp.resolve("home"), Duration.ofMinutes(1));
    // A repository around the folder git runs in, as ./kiln-data inside a clone would be.
    Path outer = Files.createDirectories(tmp.resolve("outer"));
    Path inside = Files.createDirectories(outer.resolve("inside"));
    assertThat(run(git, outer, "init", "-q").exit()).isZero();
    assertThat(run(git, outer, "config", "core.sshCommand", "touch " + tmp.resolve("pwned")).exit())
        .isZero();

    GitProcess.Result config = run(git, inside, "config", "--list", "--show-origin");
    assertThat(config.out()).isEmpty();
    assertThat(run(git, inside, "rev-parse", "--git-dir").err()).contains("not a git repository");
    GitProcess.Result env = run(git, inside, "var", "GIT_EDITOR");
    assertThat(env.out()).doesNotContain("KILN");
  }

  @Test
  void aRunPastItsTimeIsStopped() {
    GitProcess git = new GitProcess(tmp.resolve("home"), Duration.ofMillis(300));
    assertThatThrownBy(
            () ->
                git.run(
                    tmp,
                    Map.of(),
                    "",
                    GitProcess.Limits.NONE,
                    List.of("-c", "alias.wait=!sleep 30", "wait")))
        .isInstanceOfSatisfying(
            SourceException.class, e -> assertThat(e.problem()).isEqualTo(Problem.UNREACHABLE))
        .hasMessageContaining("(kiln.sources.timeout) and was stopped");
  }

  private static GitProcess.Result run(GitProcess git, Path dir, String... args) throws Exception {
    return git.run(dir, Map.of(), "", GitProcess.Limits.NONE, List.of(args));
  }
}
