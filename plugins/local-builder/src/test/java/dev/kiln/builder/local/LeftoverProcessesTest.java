package dev.kiln.builder.local;

import static dev.kiln.plugin.testkit.Await.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.kiln.plugin.api.BuildResult;
import dev.kiln.plugin.testkit.TestBuildContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every way a script can detach a process from itself, each process named with a marker the test
 * looks for in the host's process table: none survives the build's end or its cancel, and the log
 * says how many were killed.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class LeftoverProcessesTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path workDirectory;

  private final Markers markers = new Markers("leftover");

  @AfterEach
  void killWhatABrokenBuilderLeft() {
    markers.killAll();
  }

  /**
   * Six detached sleeps, in a session of their own without environment, double-forked, started with
   * an emptied environment, under nohup, disowned and forked by {@code setsid -f}; {@code prefix}
   * goes before each one's command (such as a trap that ignores SIGTERM).
   */
  private String detachSix(String prefix) {
    String sleep = "exec -a " + markers.name() + " sleep 300";
    String run = "/bin/bash -c '" + prefix + sleep + "'";
    return "env -i setsid "
        + run
        + " &\n"
        + "( ( "
        + run
        + " ) & )\n"
        + "( exec -c setsid "
        + run
        + " ) &\n"
        + "nohup "
        + run
        + " >/dev/null 2>&1 &\n"
        + run
        + " & disown\n"
        + "setsid -f "
        + run
        + "\n";
  }

  @Test
  void detachedProcessesDieWhenTheScriptEndsAndAreCounted() throws Exception {
    TestBuildContext context = new TestBuildContext(workDirectory);
    String script = detachSix("") + "until [ -e go ]; do sleep 0.05; done\nexit 0\n";

    Future<BuildResult> run = Builds.start(Builds.request(script), context);
    await(WAIT, () -> markers.count() == 6);
    Files.createFile(context.workDirectory().resolve("workspace").resolve("go"));
    BuildResult result = assertTimeoutPreemptively(WAIT, () -> run.get());

    assertThat(result.exitCode()).isZero();
    await(WAIT, () -> markers.count() == 0);
    assertThat(context.notices()).contains("Killed 6 leftover processes.");
  }

  @Test
  void detachedProcessesThatIgnoreTermDieOnCancelAndAreCounted() throws Exception {
    TestBuildContext context = new TestBuildContext(workDirectory);
    // exec: the script's last process is the script itself, so none of its own children is still
    // dying from the SIGTERM when the count is taken.
    String script = detachSix("trap \"\" TERM; ") + "exec sleep 300\n";

    Future<BuildResult> run = Builds.start(Builds.request(script), context);
    await(WAIT, () -> markers.count() == 6);
    context.cancel();
    BuildResult result = assertTimeoutPreemptively(WAIT, () -> run.get());

    assertThat(result.exitCode()).isNotZero();
    await(WAIT, () -> markers.count() == 0);
    assertThat(context.notices()).contains("Killed 6 leftover processes.");
  }

  @Test
  void aCancelBeforeTheSandboxIsUpStopsItAsItComes() throws Exception {
    TestBuildContext context = new TestBuildContext(workDirectory);
    context.cancel();

    BuildResult result =
        assertTimeoutPreemptively(
            WAIT,
            () ->
                Builds.run(Builds.request("exec -a " + markers.name() + " sleep 300\n"), context));

    assertThat(result.exitCode()).isNotZero();
    await(WAIT, () -> markers.count() == 0);
  }

  @Test
  void aScriptThatLeavesNothingGetsNoLine() throws Exception {
    TestBuildContext context = new TestBuildContext(workDirectory);

    BuildResult result = Builds.run(Builds.request("sleep 0.1 &\nwait\necho hi\n"), context);

    assertThat(result.exitCode()).isZero();
    assertThat(context.lines()).containsExactly("hi");
    assertThat(context.notices()).noneMatch(n -> n.startsWith("Killed"));
  }
}
