package dev.kiln.builder.local;

import static dev.kiln.plugin.testkit.Await.await;
import static dev.kiln.plugin.testkit.Await.awaitPid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.kiln.plugin.api.BuildResult;
import dev.kiln.plugin.testkit.Await;
import dev.kiln.plugin.testkit.TestBuildContext;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Without the sandbox (an admin turned it off), the builder still stops the script's whole process
 * tree, on cancellation and when the script ends, as far as a process group and a marker reach.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ProcessGroupTest {

  private static final Duration PID_WAIT = Duration.ofSeconds(10);
  private static final Duration RETURN_WAIT = Duration.ofSeconds(20);
  private static final Duration DEATH_WAIT = Duration.ofSeconds(10);

  /** Writes the pid of the last background job to {@code $1.pid}, atomically. */
  private static final String SAVE_PID =
      "save_pid() { echo $! > \"$1.tmp\"; mv \"$1.tmp\" \"$1.pid\"; }\n";

  /**
   * {@code escape PREFIX NAME} starts {@code sleep 300} in a session of its own (PREFIX {@code "env
   * -i"} also drops its environment) and returns once it has left the script's group; its pid is in
   * {@code NAME.pid}.
   */
  private static final String ESCAPE =
      "escape() { $1 setsid bash -c "
          + "'echo $$ > \"$0.tmp\"; mv \"$0.tmp\" \"$0.pid\"; exec sleep 300' \"$2\" &\n"
          + "  until [ -e \"$2.pid\" ]; do sleep 0.01; done; }\n";

  @TempDir Path workDirectory;

  private final List<Long> started = new ArrayList<>();

  @AfterEach
  void killLeftovers() throws IOException {
    // A failing test must not leave its script sleeping for minutes.
    Path workspace = workDirectory.resolve("workspace");
    if (Files.isDirectory(workspace)) {
      try (Stream<Path> files = Files.list(workspace)) {
        files.filter(f -> f.toString().endsWith(".pid")).forEach(f -> readPid(f, started));
      }
    }
    Leftovers.kill(workspace, started);
  }

  @Test
  void cancelKillsTheScriptAndEveryProcessItStarted() throws Exception {
    TestBuildContext context = new TestBuildContext(workDirectory);
    String script =
        SAVE_PID
            + ESCAPE
            + "sleep 300 & save_pid child\n"
            + "( sleep 300 & save_pid grandchild; wait ) &\n"
            + "escape '' escaped\n"
            + "echo started\n"
            + "sleep 300\n";

    Future<BuildResult> run =
        Builds.start(
            Builds.unsandboxed(), Builds.request(script, List.of("*.pid"), Map.of()), context);
    List<Long> pids = awaitPids(context, "child", "grandchild", "escaped");
    context.cancel();
    BuildResult result = assertTimeoutPreemptively(RETURN_WAIT, () -> run.get());

    assertThat(result.exitCode()).isNotZero();
    assertAllDie(pids);
    assertThat(context.lines()).contains("started");
    assertThat(context.stored()).as("a cancelled build stores no artifacts").isEmpty();
  }

  @Test
  void scriptThatIgnoresTermIsKilledAfterTheGrace() throws Exception {
    TestBuildContext context = new TestBuildContext(workDirectory);
    String script =
        SAVE_PID
            + ESCAPE
            + "trap '' TERM\n"
            + "sleep 300 & save_pid child\n"
            + "escape '' escaped\n"
            + "echo $$ > shell.tmp; mv shell.tmp shell.pid\n"
            + "while true; do sleep 1; done\n";

    Future<BuildResult> run = Builds.start(Builds.unsandboxed(), Builds.request(script), context);
    List<Long> pids = awaitPids(context, "child", "escaped", "shell");
    long before = System.nanoTime();
    context.cancel();
    BuildResult result = assertTimeoutPreemptively(RETURN_WAIT, () -> run.get());

    assertThat(Duration.ofNanos(System.nanoTime() - before))
        .as("waited for the grace before SIGKILL")
        .isGreaterThanOrEqualTo(Duration.ofMillis(900));
    assertThat(result.exitCode()).isNotZero();
    assertAllDie(pids);
  }

  @Test
  void cancellationRequestedBeforeTheRunStopsTheScriptAtOnce() throws Exception {
    TestBuildContext context = new TestBuildContext(workDirectory);
    context.cancel();

    BuildResult result =
        assertTimeoutPreemptively(
            RETURN_WAIT,
            () -> Builds.run(Builds.unsandboxed(), Builds.request("sleep 300"), context));

    assertThat(result.exitCode()).isNotZero();
  }

  @Test
  void backgroundProcessesLeftByASuccessfulScriptAreKilled() throws Exception {
    TestBuildContext context = new TestBuildContext(workDirectory);
    String script =
        SAVE_PID
            + "sleep 300 & save_pid child\n"
            + "sleep 300 >/dev/null 2>&1 & save_pid quiet\n"
            + "exit 0\n";

    BuildResult result =
        assertTimeoutPreemptively(
            RETURN_WAIT, () -> Builds.run(Builds.unsandboxed(), Builds.request(script), context));

    assertThat(result.exitCode()).isZero();
    assertAllDie(List.of(pidIn(context, "child"), pidIn(context, "quiet")));
  }

  @Test
  void processThatLeftTheGroupIsKilledWhenTheScriptSucceeds() throws Exception {
    TestBuildContext context = new TestBuildContext(workDirectory);
    String script =
        SAVE_PID + ESCAPE + "escape '' escaped\nescape '' quiet >/dev/null 2>&1\nexit 0\n";

    BuildResult result =
        assertTimeoutPreemptively(
            RETURN_WAIT, () -> Builds.run(Builds.unsandboxed(), Builds.request(script), context));

    assertThat(result.exitCode()).isZero();
    assertAllDie(List.of(pidIn(context, "escaped"), pidIn(context, "quiet")));
    assertThat(context.notices()).noneMatch(n -> n.contains("still holds the output open"));
  }

  @Test
  void runReturnsWhenAProcessOutsideTheGroupKeepsTheOutputOpen() throws Exception {
    TestBuildContext context = new TestBuildContext(workDirectory);
    // env -i: nothing marks it as this build's process; only the output pipe ties it to the run.
    // The script ends only after its output was read, so the reader is waiting on the pipe then.
    String script =
        SAVE_PID
            + ESCAPE
            + "escape 'env -i' escaped\n"
            + "echo ready\n"
            + "until [ -e go ]; do sleep 0.01; done\n";

    Future<BuildResult> run = Builds.start(Builds.unsandboxed(), Builds.request(script), context);
    await(PID_WAIT, () -> context.lines().contains("ready"));
    Files.createFile(context.workDirectory().resolve("workspace").resolve("go"));
    BuildResult result = assertTimeoutPreemptively(RETURN_WAIT, () -> run.get());

    assertThat(result.exitCode()).isZero();
    assertThat(context.notices()).anyMatch(n -> n.contains("still holds the output open"));
  }

  private List<Long> awaitPids(TestBuildContext context, String... names)
      throws InterruptedException {
    List<Long> pids = new ArrayList<>();
    for (String name : names) {
      long pid =
          awaitPid(context.workDirectory().resolve("workspace").resolve(name + ".pid"), PID_WAIT);
      started.add(pid);
      pids.add(pid);
    }
    assertThat(pids).allMatch(Await::isAlive);
    return pids;
  }

  private long pidIn(TestBuildContext context, String name) throws InterruptedException {
    long pid =
        awaitPid(
            context.workDirectory().resolve("workspace").resolve(name + ".pid"), Duration.ZERO);
    started.add(pid);
    return pid;
  }

  private static void assertAllDie(List<Long> pids) throws InterruptedException {
    await(DEATH_WAIT, () -> pids.stream().noneMatch(Await::isAlive));
  }

  private static void readPid(Path file, List<Long> into) {
    try {
      into.add(Long.parseLong(Files.readString(file).strip()));
    } catch (IOException | NumberFormatException e) {
      // Not written completely: the process it names was never recorded, nothing to clean.
    }
  }
}
