package dev.kiln.builder.ssh;

import static dev.kiln.builder.ssh.Await.await;
import static dev.kiln.builder.ssh.Await.awaitPid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.kiln.plugin.api.BuildResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cancelling stops the script's whole process group on the host and removes its folder. The sshd
 * runs on this machine, so the test sees the remote processes in its own process table.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CancelTest {

  private static final Duration PID_WAIT = Duration.ofSeconds(20);
  private static final Duration RETURN_WAIT = Duration.ofSeconds(20);
  private static final Duration DEATH_WAIT = Duration.ofSeconds(10);
  /** Writes the pid of the last background job to {@code $PIDS/$1.pid}, atomically. */
  private static final String SAVE_PID = "save_pid() { echo $! > \"$PIDS/$1.tmp\"; mv \"$PIDS/$1.tmp\" \"$PIDS/$1.pid\"; }\n";

  private static LocalSshd sshd;

  @TempDir Path workDirectory;
  @TempDir Path pids;

  @BeforeAll
  static void startSshd() throws Exception {
    sshd = LocalSshd.start();
  }

  @AfterAll
  static void stopSshd() throws Exception {
    sshd.close();
  }

  @AfterEach
  void killLeftovers() throws IOException {
    // A failing test must not leave its script sleeping for minutes.
    try (Stream<Path> files = Files.list(pids)) {
      files.filter(f -> f.toString().endsWith(".pid")).forEach(f -> {
        try {
          ProcessHandle.of(Long.parseLong(Files.readString(f).strip())).ifPresent(ProcessHandle::destroyForcibly);
        } catch (IOException | NumberFormatException e) {
          // Not written completely: nothing recorded to kill.
        }
      });
    }
  }

  @Test
  void cancelKillsTheRemoteProcessGroupAndRemovesTheFolder() throws Exception {
    TestBuildContext context = new TestBuildContext(workDirectory);
    String script = SAVE_PID
        + "sleep 300 & save_pid child\n"
        + "( sleep 300 & save_pid grandchild; wait ) &\n"
        + "echo $$ > \"$PIDS/shell.tmp\"; mv \"$PIDS/shell.tmp\" \"$PIDS/shell.pid\"\n"
        + "echo started\n"
        + "sleep 300\n";

    Future<BuildResult> run = Builds.start(request(script, List.of("*")), context);
    List<Long> started = awaitPids("child", "grandchild", "shell");
    await(PID_WAIT, () -> context.lines.contains("started"));
    assertThat(sshd.buildFolders()).hasSize(1);
    long before = System.nanoTime();
    context.cancellation.request();
    BuildResult result = assertTimeoutPreemptively(RETURN_WAIT, () -> run.get());

    assertThat(Duration.ofNanos(System.nanoTime() - before)).as("returned promptly").isLessThan(Duration.ofSeconds(5));
    assertThat(result.exitCode()).isNotZero();
    assertAllDie(started);
    assertThat(sshd.buildFolders()).as("folder removed").isEmpty();
    assertThat(context.artifacts).as("a cancelled build stores no artifacts").isEmpty();
  }

  @Test
  void scriptThatIgnoresTermIsKilledAfterTheGrace() throws Exception {
    TestBuildContext context = new TestBuildContext(workDirectory);
    String script = SAVE_PID
        + "trap '' TERM\n"
        + "sleep 300 & save_pid child\n"
        + "echo $$ > \"$PIDS/shell.tmp\"; mv \"$PIDS/shell.tmp\" \"$PIDS/shell.pid\"\n"
        + "while true; do sleep 1; done\n";

    Future<BuildResult> run = Builds.start(request(script, List.of()), context);
    List<Long> started = awaitPids("child", "shell");
    long before = System.nanoTime();
    context.cancellation.request();
    BuildResult result = assertTimeoutPreemptively(RETURN_WAIT, () -> run.get());

    assertThat(Duration.ofNanos(System.nanoTime() - before)).as("waited for the grace before SIGKILL")
        .isGreaterThanOrEqualTo(RemoteScript.GRACE.minusSeconds(1));
    assertThat(result.exitCode()).isNotZero();
    assertAllDie(started);
    assertThat(sshd.buildFolders()).isEmpty();
  }

  @Test
  void cancellationBeforeTheRunStartsNothing() throws Exception {
    TestBuildContext context = new TestBuildContext(workDirectory);
    context.cancellation.request();

    BuildResult result = assertTimeoutPreemptively(RETURN_WAIT,
        () -> Builds.run(request("touch \"$PIDS/ran\"", List.of()), context));

    assertThat(result.exitCode()).isNotZero();
    assertThat(pids.resolve("ran")).doesNotExist();
    assertThat(sshd.buildFolders()).isEmpty();
  }

  @Test
  void cancellationRightAfterTheStartLeavesNothingRunning() throws Exception {
    TestBuildContext context = new TestBuildContext(workDirectory);
    String script = SAVE_PID + "sleep 300 & save_pid child\nsleep 300\n";

    Future<BuildResult> run = Builds.start(request(script, List.of()), context);
    context.cancellation.request();
    BuildResult result = assertTimeoutPreemptively(RETURN_WAIT, () -> run.get());

    assertThat(result.exitCode()).isNotZero();
    assertThat(sshd.buildFolders()).isEmpty();
    if (Files.exists(pids.resolve("child.pid"))) {
      assertAllDie(List.of(awaitPid(pids.resolve("child.pid"), Duration.ZERO)));
    }
  }

  @Test
  void backgroundProcessesLeftByAFinishedScriptAreKilled() throws Exception {
    TestBuildContext context = new TestBuildContext(workDirectory);
    String script = SAVE_PID
        + "sleep 300 & save_pid child\n"
        + "sleep 300 >/dev/null 2>&1 & save_pid quiet\n"
        + "echo done\n";

    BuildResult result = assertTimeoutPreemptively(RETURN_WAIT, () -> Builds.run(request(script, List.of()), context));

    assertThat(result.exitCode()).isZero();
    assertThat(context.lines).containsExactly("done");
    assertAllDie(List.of(awaitPid(pids.resolve("child.pid"), Duration.ZERO), awaitPid(pids.resolve("quiet.pid"), Duration.ZERO)));
    assertThat(sshd.buildFolders()).isEmpty();
  }

  private dev.kiln.plugin.api.BuildRequest request(String script, List<String> patterns) throws IOException {
    return Builds.request(script, patterns, Map.of("PIDS", pids.toString()), sshd.settings());
  }

  private List<Long> awaitPids(String... names) throws InterruptedException {
    List<Long> found = new ArrayList<>();
    for (String name : names) {
      found.add(awaitPid(pids.resolve(name + ".pid"), PID_WAIT));
    }
    assertThat(found).allMatch(Await::isAlive);
    return found;
  }

  private static void assertAllDie(List<Long> started) throws InterruptedException {
    await(DEATH_WAIT, () -> started.stream().noneMatch(Await::isAlive));
  }
}
