package dev.kiln.portal.build;

import static dev.kiln.portal.FinishedBuilds.awaitFinal;
import static dev.kiln.portal.FinishedBuilds.log;
import static dev.kiln.portal.KilnSpringTest.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.portal.project.ProjectDraft;
import dev.kiln.portal.project.ProjectService;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A builder plugin that throws, hangs, floods its log or writes after it returned ends its own
 * build, in words, and never stops this node from running other builds. Runs the {@link
 * MisbehavingPlugin} through the real portal (Quartz, PostgreSQL, blob store) on a Kiln of its own,
 * with two runner threads and a grace period of 1 s, so a hung builder would show as a lost runner.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@WithMockUser(roles = "ADMIN")
@Timeout(180)
class MisbehavingBuilderIT {

  private static final Path DATA_DIR;
  private static final long MAX_LOG_BYTES = 4 * 1024 * 1024;
  private static final AtomicInteger names = new AtomicInteger();

  static {
    try {
      DATA_DIR = Files.createTempDirectory("kiln-misbehaving-test-");
      MisbehavingPlugin.writeTo(DATA_DIR.resolve("plugins"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("kiln.data-dir", DATA_DIR::toString);
    registry.add("kiln.node.name", () -> "misbehaving-node");
    registry.add("kiln.builds.runner-threads", () -> "2");
    registry.add("kiln.builds.cancel-grace", () -> "1s");
    registry.add("kiln.builds.max-log-bytes", () -> String.valueOf(MAX_LOG_BYTES));
  }

  @Autowired ProjectService projects;
  @Autowired BuildService builds;
  @Autowired MeterRegistry meters;

  @Test
  void whatABuilderThrowsOrReturnsWronglyEndsItsBuildAsAnErrorInWords() {
    String failed = "The Misbehaving builder failed unexpectedly: ";
    Map<String, String> reasons =
        Map.of(
            "throw-runtime", failed + "IllegalStateException: plugin bug",
            "throw-stack-overflow", failed + "it called itself too deeply (StackOverflowError)",
            "throw-missing-class",
                failed
                    + "a class it needs is missing or does not match its jar (NoClassDefFoundError: com/example/Gone)",
            "throw-out-of-memory",
                failed + "it ran out of memory (OutOfMemoryError: Java heap space)",
            "return-null", "The Misbehaving builder returned no result (null).");
    Map<String, Long> started = new HashMap<>();
    reasons.keySet().forEach(script -> started.put(script, run(script, Duration.ofMinutes(1))));
    long healthy = run("exit 0", Duration.ofMinutes(1));

    started.forEach(
        (script, build) -> {
          BuildInfo done = awaitFinal(builds, build);
          assertThat(done.state()).as(script).isEqualTo(BuildState.ERROR);
          assertThat(done.reason()).as(script).isEqualTo(reasons.get(script));
        });
    assertThat(awaitFinal(builds, healthy).state()).isEqualTo(BuildState.SUCCEEDED);
    assertThat(awaitFinal(builds, run("exit 4", Duration.ofMinutes(1))).state())
        .isEqualTo(BuildState.FAILED);
  }

  @Test
  void aBuilderThatIgnoresCancelAndInterruptsGivesItsRunnerBackAfterTheGracePeriod()
      throws IOException {
    System.clearProperty(MisbehavingPlugin.RELEASE);
    try {
      long hung = run("hang", Duration.ofHours(1));
      await("the hanging build to start", Duration.ofSeconds(60), () -> started(hung));

      // The other runner still takes builds while one hangs; the hanging build cannot end by
      // itself.
      assertThat(awaitFinal(builds, run("exit 0", Duration.ofMinutes(1))).state())
          .isEqualTo(BuildState.SUCCEEDED);
      assertThat(builds.find(hung).orElseThrow().state()).isEqualTo(BuildState.RUNNING);

      assertThat(builds.cancel(hung, "tester")).isEqualTo("Stopping the build…");
      BuildInfo cancelled = awaitFinal(builds, hung);
      assertThat(cancelled.state()).isEqualTo(BuildState.CANCELLED);
      assertThat(cancelled.reason())
          .isEqualTo(
              "Cancelled by tester. The builder did not stop within 1 s of being asked; its thread was abandoned.");
      assertThat(log(builds, hung)).contains("[kiln] " + cancelled.reason());
      assertThat(System.getProperty("misbehaving.interrupted." + hung)).isEqualTo("true");

      // Both runners taken by builds that ignore their timeout: both come back.
      long first = run("hang", Duration.ofSeconds(1));
      long second = run("hang", Duration.ofSeconds(1));
      for (long build : List.of(first, second)) {
        BuildInfo timedOut = awaitFinal(builds, build);
        assertThat(timedOut.state()).isEqualTo(BuildState.TIMED_OUT);
        assertThat(timedOut.reason())
            .isEqualTo(
                "Stopped: the build ran longer than its timeout of 1 s."
                    + " The builder did not stop within 1 s of being asked; its thread was abandoned.");
      }
      assertThat(awaitFinal(builds, run("exit 0", Duration.ofMinutes(1))).state())
          .isEqualTo(BuildState.SUCCEEDED);

      assertThat(abandonedThreads()).isGreaterThanOrEqualTo(3);
      assertThat(liveThreadNames()).contains("build-" + hung, "build-" + first, "build-" + second);
    } finally {
      System.setProperty(MisbehavingPlugin.RELEASE, "true");
    }
    await(
        "the abandoned threads to end once released",
        Duration.ofSeconds(30),
        () -> abandonedThreads() == 0);
  }

  @Test
  void aFloodingBuilderKeepsALogWithinItsLimitWhileOtherBuildsRun() throws IOException {
    long threads = run("flood-threads 8 500000", Duration.ofMinutes(2));
    long longLine = run("flood-long-line", Duration.ofMinutes(2));
    long healthy = run("exit 0", Duration.ofMinutes(1));

    BuildInfo flooded = awaitFinal(builds, threads);
    assertThat(flooded.state()).isEqualTo(BuildState.SUCCEEDED);
    assertThat(flooded.logTruncated()).isTrue();
    assertThat(flooded.logBytes()).isBetween(MAX_LOG_BYTES - 100, MAX_LOG_BYTES + 1000);
    String floodLog = log(builds, threads);
    assertThat(floodLog)
        .contains(
            "[kiln] The log reached its limit of 4 MB; later output of this build is not kept.\n")
        .endsWith("[kiln] The script exited with code 0.\n");
    assertThat(floodLog.lines().filter(line -> !line.startsWith("[kiln]")))
        .allSatisfy(line -> assertThat(line).matches("thread \\d line \\d+"));

    BuildInfo cut = awaitFinal(builds, longLine);
    assertThat(cut.state()).isEqualTo(BuildState.SUCCEEDED);
    assertThat(cut.logBytes()).isLessThan(LogWriter.MAX_LINE_CHARS + 1000);
    assertThat(log(builds, longLine))
        .contains(
            "x [kiln: line cut here; "
                + (200_000_000 - LogWriter.MAX_LINE_CHARS)
                + " more characters not kept]\nafter the long line\n");

    assertThat(awaitFinal(builds, healthy).state()).isEqualTo(BuildState.SUCCEEDED);
    assertThat(log(builds, healthy)).contains("hello from build " + healthy);
  }

  @Test
  void whatABuilderWritesAfterItReturnedReachesNoBuild() throws IOException {
    long lingering = run("linger", Duration.ofMinutes(1));
    BuildInfo done = awaitFinal(builds, lingering);
    long next = run("exit 0", Duration.ofMinutes(1));
    assertThat(awaitFinal(builds, next).state()).isEqualTo(BuildState.SUCCEEDED);
    await(
        "the lingering thread to finish",
        Duration.ofSeconds(30),
        () -> System.getProperty("misbehaving.late-artifact." + lingering) != null);

    assertThat(done.state()).isEqualTo(BuildState.SUCCEEDED);
    assertThat(System.getProperty("misbehaving.late-artifact." + lingering))
        .isEqualTo(
            "build " + lingering + " has ended: artifacts must be stored before run returns");
    assertThat(System.getProperty("misbehaving.cancelled-after-return." + lingering))
        .isEqualTo("true");
    assertThat(builds.artifacts(lingering)).isEmpty();
    BuildInfo later = builds.find(lingering).orElseThrow();
    assertThat(later.logBytes()).isEqualTo(done.logBytes());
    assertThat(log(builds, lingering)).contains("before return\n").doesNotContain("late");
    assertThat(log(builds, next)).contains("hello from build " + next).doesNotContain("late");
  }

  private long run(String script, Duration timeout) {
    long project =
        projects.create(
            new ProjectDraft(
                "misbehaving-" + names.incrementAndGet(),
                "",
                MisbehavingPlugin.BUILDER_ID,
                Map.of(),
                script,
                List.of(),
                timeout));
    return projects.runNow(project, "test");
  }

  private static boolean started(long build) {
    return System.getProperty("misbehaving.started." + build) != null;
  }

  private double abandonedThreads() {
    return meters.get(AbandonedThreadsGauge.NAME).gauge().value();
  }

  private static List<String> liveThreadNames() {
    return Thread.getAllStackTraces().keySet().stream().map(Thread::getName).toList();
  }
}
