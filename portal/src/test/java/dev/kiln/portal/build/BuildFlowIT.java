package dev.kiln.portal.build;

import static dev.kiln.portal.FinishedBuilds.awaitFinal;
import static dev.kiln.portal.FinishedBuilds.log;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.portal.KilnSpringTest;
import dev.kiln.portal.NamedProcesses;
import dev.kiln.portal.project.ProjectDraft;
import dev.kiln.portal.project.ProjectService;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.quartz.Scheduler;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.concurrent.DelegatingSecurityContextRunnable;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.test.context.support.WithMockUser;

/**
 * Builds from "Run now" to their final state on the local builder, with real Quartz and PostgreSQL.
 */
@WithMockUser(
    roles = "ADMIN") // who may run and cancel is RoleMatrixIT's concern; here, how builds run
class BuildFlowIT extends KilnSpringTest {

  private static final AtomicInteger names = new AtomicInteger();

  @Autowired ProjectService projects;
  @Autowired BuildService builds;
  @Autowired BuildEvents events;
  @Autowired Scheduler scheduler;

  @Test
  void successfulBuildKeepsItsLogAndMatchingArtifacts() throws IOException {
    long build =
        run(
            """
        echo "line one"
        mkdir -p dist
        printf 'artifact of build %s' "$KILN_BUILD_ID" > dist/out.txt
        echo "not kept" > other.txt
        echo "line two"
        """,
            List.of("dist/*.txt"), Duration.ofMinutes(1));

    BuildInfo done = awaitFinal(builds, build);
    assertThat(done.state()).isEqualTo(BuildState.SUCCEEDED);
    assertThat(done.exitCode()).isZero();
    assertThat(done.node()).isEqualTo("test-node");
    assertThat(done.startedAt()).isNotNull();
    assertThat(done.finishedAt()).isAfterOrEqualTo(done.startedAt());
    assertThat(log(builds, build))
        .contains("line one\n", "line two\n", "[kiln] Stored 1 artifact(s).");
    assertThat(builds.artifacts(build))
        .extracting(ArtifactInfo::path)
        .containsExactly("dist/out.txt");
    try (InputStream in = builds.openArtifact(build, "dist/out.txt")) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
          .isEqualTo("artifact of build " + build);
    }
  }

  @Test
  void scriptExitingNonZeroFailsWithItsExitCode() {
    BuildInfo done =
        awaitFinal(builds, run("echo before\nexit 3\n", List.of(), Duration.ofMinutes(1)));
    assertThat(done.state()).isEqualTo(BuildState.FAILED);
    assertThat(done.exitCode()).isEqualTo(3);
    assertThat(done.reason()).isEqualTo("The script exited with code 3.");
  }

  @Test
  void buildOverItsTimeoutIsStopped() {
    BuildInfo done =
        awaitFinal(builds, run("echo start\nsleep 120\n", List.of(), Duration.ofSeconds(2)));
    assertThat(done.state()).isEqualTo(BuildState.TIMED_OUT);
    assertThat(done.reason()).contains("longer than its timeout of 2 s");
    assertThat(done.duration(done.finishedAt())).isLessThan(Duration.ofSeconds(30));
  }

  @Test
  void cancelStopsTheRunningScriptAndEverythingItStarted() {
    var processes = new NamedProcesses("flow-cancel");
    try {
      long build =
          run(
              """
          bash -c 'exec -a %1$s sleep 300' &
          setsid bash -c 'exec -a %1$s sleep 300' &
          echo started
          exec -a %1$s sleep 300
          """
                  .formatted(processes.name()),
              List.of(),
              Duration.ofMinutes(5));
      await("the script to start", Duration.ofSeconds(30), () -> processes.count() == 3);

      assertThat(builds.cancel(build, "tester")).isEqualTo("Stopping the build…");
      BuildInfo done = awaitFinal(builds, build);

      assertThat(done.state()).isEqualTo(BuildState.CANCELLED);
      assertThat(done.reason()).isEqualTo("Cancelled by tester.");
      await("the script's processes to end", Duration.ofSeconds(10), () -> processes.count() == 0);
      assertThat(builds.cancel(build, "tester")).isEqualTo("The build is not running any more.");
    } finally {
      processes.killAll();
    }
  }

  @Test
  void queuedBuildCancelledBeforeItStartsNeverRuns() throws Exception {
    scheduler.standby();
    long build;
    try {
      build = run("echo should never run\n", List.of(), Duration.ofMinutes(1));
      assertThat(builds.cancel(build, "tester")).isEqualTo("Build cancelled before it started.");
    } finally {
      scheduler.start();
    }
    BuildInfo done = builds.find(build).orElseThrow();
    assertThat(done.state()).isEqualTo(BuildState.CANCELLED);
    assertThat(done.reason()).isEqualTo("Cancelled by tester before it started.");
    // A later build of the same project runs, and the cancelled one still has not started.
    awaitFinal(builds, run("true\n", List.of(), Duration.ofMinutes(1)));
    assertThat(builds.find(build).orElseThrow().startedAt()).isNull();
  }

  @Test
  void fiftyMegabytesOfOutputAreStoredWholeInChunks() throws IOException {
    // pipefail would fail the build: yes dies of SIGPIPE when head has enough.
    long build =
        run(
            "set +o pipefail\nyes 'Kiln log line with some text to make it about a hundred characters long....................' "
                + "| head -c 50000000\n",
            List.of(),
            Duration.ofMinutes(5));
    BuildInfo done = awaitFinal(builds, build);
    assertThat(done.state()).isEqualTo(BuildState.SUCCEEDED);
    assertThat(done.logBytes()).isGreaterThan(50_000_000L);
    assertThat(builds.logChunks(build)).isGreaterThan(50_000_000 / LogWriter.CHUNK_BYTES);
    long streamed;
    try (InputStream in = builds.openLog(build)) {
      streamed = in.transferTo(OutputStream.nullOutputStream());
    }
    assertThat(streamed).isEqualTo(done.logBytes());
  }

  @Test
  @SuppressWarnings("try") // the subscription only needs closing
  void logLinesArriveWhileTheBuildRuns() throws Exception {
    long build =
        run(
            "for i in $(seq 1 40); do echo \"line $i\"; sleep 0.1; done\n",
            List.of(),
            Duration.ofMinutes(1));
    var seenWhileRunning = new AtomicBoolean();
    var caller = SecurityContextHolder.getContext(); // events come on other threads
    try (AutoCloseable subscription =
        events.subscribe(
            build,
            change ->
                new DelegatingSecurityContextRunnable(
                        () -> {
                          // Kiln's own first line may come in a chunk of its own, before the script
                          // has started.
                          if (change instanceof BuildEvents.LogGrew
                              && builds.find(build).orElseThrow().state() == BuildState.RUNNING
                              && log(builds, build).contains("line 1\n")) {
                            seenWhileRunning.set(true);
                          }
                        },
                        caller)
                    .run())) {
      await(
          "the script's first line while running",
          Duration.ofSeconds(30),
          () -> seenWhileRunning.get() || builds.find(build).orElseThrow().state().isFinal());
      assertThat(seenWhileRunning).isTrue();
    }
    assertThat(awaitFinal(builds, build).state()).isEqualTo(BuildState.SUCCEEDED);
    assertThat(log(builds, build)).contains("line 40\n");
  }

  private long run(String script, List<String> patterns, Duration timeout) {
    long project =
        projects.create(
            new ProjectDraft(
                "flow-" + names.incrementAndGet(),
                "",
                "local",
                Map.of("kill-grace-seconds", "1"),
                script,
                patterns,
                timeout));
    return projects.runNow(project, "test");
  }
}
