package dev.kiln.builder.ssh;

import static dev.kiln.plugin.testkit.Await.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.kiln.plugin.api.BuildRequest;
import dev.kiln.plugin.api.BuildResult;
import dev.kiln.plugin.testkit.TestBuildContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cancelling stops the script and everything it started on the host, and removes its folder. The
 * sshd runs on this machine, so the test sees the remote processes in its own process table, by the
 * names the script gives them ({@link Marked}: in the build's PID namespace, {@code $!} is not the
 * pid this machine knows).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CancelTest {

  private static final Duration WAIT = Duration.ofSeconds(20);

  private static LocalSshd sshd;

  @TempDir Path workDirectory;
  @TempDir Path outside;
  private final Marked marked = new Marked();

  @BeforeAll
  static void startSshd() throws Exception {
    sshd = LocalSshd.start();
  }

  @AfterAll
  static void stopSshd() throws Exception {
    sshd.close();
  }

  @AfterEach
  void killLeftovers() {
    // A failing test must not leave its script sleeping for minutes.
    marked.killAll();
  }

  @Test
  void cancelKillsTheRemoteProcessesAndRemovesTheFolder() throws Exception {
    TestBuildContext context = new TestBuildContext(workDirectory);
    String script =
        "("
            + marked.sleeper("child")
            + ") &\n"
            + "( ("
            + marked.sleeper("grandchild")
            + ") & wait ) &\n"
            + "echo started\n"
            + "sleep 300\n";

    Future<BuildResult> run = Builds.start(request(script, List.of("*")), context);
    await(WAIT, () -> context.lines().contains("started") && marked.alive().size() == 2);
    assertThat(sshd.buildFolders()).hasSize(1);
    long before = System.nanoTime();
    context.cancel();
    BuildResult result = assertTimeoutPreemptively(WAIT, () -> run.get());

    assertThat(Duration.ofNanos(System.nanoTime() - before))
        .as("returned promptly")
        .isLessThan(Duration.ofSeconds(5));
    assertThat(result.exitCode()).isNotZero();
    assertThat(marked.alive()).isEmpty();
    assertThat(sshd.buildFolders()).as("folder removed").isEmpty();
    assertThat(context.stored()).as("a cancelled build stores no artifacts").isEmpty();
  }

  @Test
  void scriptThatIgnoresTermIsKilledAfterTheGrace() throws Exception {
    TestBuildContext context = new TestBuildContext(workDirectory);
    String script =
        "trap '' TERM\n"
            + "("
            + marked.sleeper("child")
            + ") &\n"
            + "echo started\n"
            + "while true; do sleep 1; done\n";

    Future<BuildResult> run = Builds.start(request(script, List.of()), context);
    await(WAIT, () -> context.lines().contains("started") && marked.alive().size() == 1);
    long before = System.nanoTime();
    context.cancel();
    BuildResult result = assertTimeoutPreemptively(WAIT, () -> run.get());

    assertThat(Duration.ofNanos(System.nanoTime() - before))
        .as("waited for the grace before SIGKILL")
        .isGreaterThanOrEqualTo(RemoteScript.GRACE.minusSeconds(1));
    assertThat(result.exitCode()).isNotZero();
    assertThat(marked.alive()).isEmpty();
    assertThat(sshd.buildFolders()).isEmpty();
  }

  @Test
  void cancellationBeforeTheRunStartsNothing() throws Exception {
    TestBuildContext context = new TestBuildContext(workDirectory);
    context.cancel();

    BuildResult result =
        assertTimeoutPreemptively(
            WAIT, () -> Builds.run(request("touch \"$OUTSIDE/ran\"", List.of()), context));

    assertThat(result.exitCode()).isNotZero();
    assertThat(outside.resolve("ran")).doesNotExist();
    assertThat(sshd.buildFolders()).isEmpty();
  }

  @Test
  void cancellationRightAfterTheStartLeavesNothingRunning() throws Exception {
    TestBuildContext context = new TestBuildContext(workDirectory);
    String script = "(" + marked.sleeper("child") + ") &\nsleep 300\n";

    Future<BuildResult> run = Builds.start(request(script, List.of()), context);
    context.cancel();
    BuildResult result = assertTimeoutPreemptively(WAIT, () -> run.get());

    assertThat(result.exitCode()).isNotZero();
    assertThat(sshd.buildFolders()).isEmpty();
    await(WAIT, () -> marked.alive().isEmpty());
  }

  @Test
  void backgroundProcessesLeftByAFinishedScriptAreKilled() throws Exception {
    TestBuildContext context = new TestBuildContext(workDirectory);
    String script =
        "("
            + marked.sleeper("child")
            + ") &\n"
            + "("
            + marked.sleeper("quiet")
            + ") >/dev/null 2>&1 &\n"
            + "until [ -e \"$OUTSIDE/go\" ]; do sleep 0.05; done\n"
            + "echo done\n";

    Future<BuildResult> run = Builds.start(request(script, List.of()), context);
    await(WAIT, () -> marked.alive().size() == 2);
    Files.createFile(outside.resolve("go"));
    BuildResult result = assertTimeoutPreemptively(WAIT, () -> run.get());

    assertThat(result.exitCode()).isZero();
    assertThat(context.lines()).containsExactly("done");
    assertThat(marked.alive()).isEmpty();
    assertThat(context.notices()).contains("Killed 2 leftover processes.");
    assertThat(sshd.buildFolders()).isEmpty();
  }

  private BuildRequest request(String script, List<String> patterns) throws IOException {
    return Builds.request(script, patterns, Map.of("OUTSIDE", outside.toString()), sshd.settings());
  }
}
